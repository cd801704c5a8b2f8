// Framework claims as typed references: a check can only name a control that its standard's
// checked-in list contains (a compile error otherwise), and test/unit/checks/frameworks.test.ts
// checks the same at run time for every registered check.
import type { FrameworkMap } from '../../domain/index.js';
import { awsConfigRule } from './aws-config-rule.js';
import { awsFsbp } from './aws-fsbp.js';
import { awsTrustedAdvisor } from './aws-trusted-advisor.js';
import { cisAws30 } from './cis-aws-3.0.js';
import type { StandardDefinition } from './types.js';

export type { StandardDefinition } from './types.js';

export const STANDARDS = {
  'aws-fsbp': awsFsbp,
  'cis-aws-3.0': cisAws30,
  'aws-config-rule': awsConfigRule,
  'aws-trusted-advisor': awsTrustedAdvisor,
} as const satisfies Record<string, StandardDefinition>;

export type StandardId = keyof typeof STANDARDS;
export type ControlId<S extends StandardId> = keyof (typeof STANDARDS)[S]['controls'] & string;

export interface FrameworkRef {
  readonly standard: StandardId;
  readonly control: string;
}

export function control<S extends StandardId>(standard: S, id: ControlId<S>): FrameworkRef {
  return { standard, control: id };
}

/** AWS Security Hub's AWS Foundational Security Best Practices control (EC2.2, S3.5 …). */
export const fsbp = (id: ControlId<'aws-fsbp'>): FrameworkRef => control('aws-fsbp', id);
/** A recommendation of the CIS AWS Foundations Benchmark v3.0.0 (1.4, 2.1.1 …). */
export const cis30 = (id: ControlId<'cis-aws-3.0'>): FrameworkRef => control('cis-aws-3.0', id);
/** An AWS Config managed rule identifier (ec2-volume-inuse-check …). */
export const configRule = (id: ControlId<'aws-config-rule'>): FrameworkRef => control('aws-config-rule', id);
/** An AWS Trusted Advisor check id (DAvU99Dc4C …). */
export const trustedAdvisor = (id: ControlId<'aws-trusted-advisor'>): FrameworkRef => control('aws-trusted-advisor', id);

/** Whether the standard's checked-in list contains the control. */
export function isKnownControl(ref: FrameworkRef): boolean {
  const standard: StandardDefinition | undefined = STANDARDS[ref.standard];
  return standard !== undefined && Object.hasOwn(standard.controls, ref.control);
}

/** The title the standard gives the control. */
export function controlTitle(ref: FrameworkRef): string | undefined {
  return isKnownControl(ref) ? (STANDARDS[ref.standard] as StandardDefinition).controls[ref.control] : undefined;
}

/** Claims as findings store them: standard → control id, or ids when a check claims several. */
export function toFrameworkMap(refs: readonly FrameworkRef[]): FrameworkMap {
  const grouped = new Map<string, string[]>();
  for (const ref of refs) grouped.set(ref.standard, [...(grouped.get(ref.standard) ?? []), ref.control]);
  return Object.fromEntries([...grouped].map(([standard, ids]) => [standard, ids.length === 1 ? ids[0]! : ids]));
}
