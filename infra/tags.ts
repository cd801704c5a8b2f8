// The tags every orgscan resource carries, applied once per construct tree.
import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DeploySettings } from './settings.js';

export const REQUIRED_TAG_KEYS = ['Project', 'Environment', 'Owner'] as const;

export function applyStandardTags(scope: IConstruct, settings: Pick<DeploySettings, 'project' | 'environment' | 'owner'>): void {
  Tags.of(scope).add('Project', settings.project);
  Tags.of(scope).add('Environment', settings.environment);
  Tags.of(scope).add('Owner', settings.owner);
}
