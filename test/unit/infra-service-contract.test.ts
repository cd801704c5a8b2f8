// What the deployment hands the service, read back with the service's own parsers: the schedule
// payloads, the generated configuration, and the placeholder API token entry.
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { parseQueueMessage } from '../../server/queue-messages.js';
import { parseTokenEntries } from '../../server/auth.js';
import { requestFromFlags } from '../../cli/scope.js';
import { parseConfig } from '../../scanner/config.js';
import { LOCKED_API_TOKENS, serviceConfig } from '../../infra/container.js';
import { parseSettings } from '../../infra/settings.js';
import { BASE_CONTEXT, buildTestApp } from './infra-fixtures.js';

describe('deployment ↔ service contract', () => {
  it('puts schedule payloads on the queue that the queue consumer accepts', () => {
    const { stacks } = buildTestApp();
    const schedules = Object.values(Template.fromStack(stacks.scanner).toJSON().Resources as Record<string, any>).filter(
      (r) => r.Type === 'AWS::Scheduler::Schedule',
    );
    expect(schedules.map((s) => parseQueueMessage(s.Properties.Target.Input).type).sort()).toEqual(['scan', 'weekly-report']);
  });

  it('generates a configuration `orgscan serve --config` turns into an organization-wide scan with the ExternalId', () => {
    const settings = parseSettings({ ...BASE_CONTEXT, scanRegions: ['eu-west-1', 'us-east-1'] });
    const request = requestFromFlags({ config: '/data/orgscan.config.json' }, parseConfig(serviceConfig(settings)));
    expect(request).toMatchObject({
      org: true,
      roleName: 'OrgScanReadOnly',
      externalId: BASE_CONTEXT.externalId,
      regions: ['eu-west-1', 'us-east-1'],
    });
  });

  it('starts with a token entry the service parses and no token matches', () => {
    const entries = parseTokenEntries(LOCKED_API_TOKENS, 'placeholder');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.role).toBe('reader');
    expect(entries[0]!.hash.equals(Buffer.alloc(32))).toBe(true);
  });
});
