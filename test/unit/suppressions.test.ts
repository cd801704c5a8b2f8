import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../checks/types.js';
import {
  SuppressionFileError,
  SuppressionRuleError,
  createSuppressor,
  expiringRules,
  loadSuppressionFile,
  parseSuppressionRules,
  validateSuppressionRule,
  type SuppressionRule,
} from '../../scanner/suppressions.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    checkId: 's3-bucket-versioning',
    status: 'FAIL',
    severity: 'low',
    accountId: '111111111111',
    region: 'global',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'logs-archive',
    resourceArn: 'arn:aws:s3:::logs-archive',
    message: 'versioning has never been enabled',
    evidence: {},
    remediation: { text: 't', url: 'https://example.com' },
    frameworks: {},
    estimatedMonthlyCostUsd: null,
    tags: {},
    firstSeenAt: null,
    mutedBy: null,
    errorCode: null,
    ...overrides,
  };
}

const NOW = new Date('2026-11-23T12:00:00Z');

function rule(overrides: Partial<SuppressionRule>): SuppressionRule {
  return { id: 'r1', reason: 'accepted risk', expires: '2026-12-31', ...overrides };
}

describe('parseSuppressionRules', () => {
  it('parses rules, keeps given ids and generates stable ids for the others', () => {
    const text = [
      'suppressions:',
      '  - id: dev-single-az',
      '    checkId: rds-instance-single-az',
      '    tags:',
      '      Environment: dev',
      '    reason: dev databases are single-AZ by design',
      '    expires: 2027-03-31',
      '    owner: platform-team',
      '  - checkId: s3-bucket-versioning',
      '    accountId: "111111111111"',
      '    resourceId: "logs-*"',
      '    reason: log buckets are write-once',
      '    expires: 2026-12-15',
      '',
    ].join('\n');
    const rules = parseSuppressionRules(text, 'suppressions.yaml');
    expect(rules).toHaveLength(2);
    expect(rules[0]).toEqual({
      id: 'dev-single-az',
      checkId: 'rds-instance-single-az',
      tags: { Environment: 'dev' },
      reason: 'dev databases are single-AZ by design',
      expires: '2027-03-31',
      owner: 'platform-team',
    });
    expect(rules[1]!.id).toMatch(/^sup-[0-9a-f]{12}$/);
    // Same entry, same id; a different entry, a different id.
    expect(parseSuppressionRules(text, 'again.yaml')[1]!.id).toBe(rules[1]!.id);
    const changed = parseSuppressionRules(text.replace('2026-12-15', '2026-12-16'), 'x.yaml');
    expect(changed[1]!.id).not.toBe(rules[1]!.id);
  });

  it('accepts an empty file or an empty list', () => {
    expect(parseSuppressionRules('', 'empty.yaml')).toEqual([]);
    expect(parseSuppressionRules('suppressions: []\n', 'empty.yaml')).toEqual([]);
    expect(parseSuppressionRules('suppressions:\n', 'empty.yaml')).toEqual([]);
  });

  const cases: [string, string, RegExp][] = [
    [
      'an unknown key, at the key',
      'suppressions:\n  - checkId: s3-bucket-versioning\n    reason: r\n    expires: 2027-01-01\n    expiry: 2027-01-01\n',
      /^f\.yaml:5:5: suppressions\[0\]: unknown field expiry$/,
    ],
    ['a missing reason, at the entry', 'suppressions:\n  - checkId: s3-bucket-versioning\n    expires: 2027-01-01\n', /^f\.yaml:2:5: suppressions\[0\]: reason is required$/],
    ['a missing expires', 'suppressions:\n  - checkId: s3-bucket-versioning\n    reason: r\n', /^f\.yaml:2:5: suppressions\[0\]: expires is required$/],
    [
      'an impossible date, at the value',
      'suppressions:\n  - checkId: s3-bucket-versioning\n    reason: r\n    expires: 2027-02-30\n',
      /^f\.yaml:4:14: suppressions\[0\]: expires must be a date YYYY-MM-DD$/,
    ],
    [
      'an unknown check id',
      'suppressions:\n  - region: global\n    reason: r\n    expires: 2027-01-01\n  - checkId: s3-bucket-versionin\n    reason: r\n    expires: 2027-01-01\n',
      /^f\.yaml:5:14: suppressions\[1\]: checkId unknown check id "s3-bucket-versionin"/,
    ],
    ['a bad account id', 'suppressions:\n  - accountId: "1234"\n    reason: r\n    expires: 2027-01-01\n', /^f\.yaml:2:16: suppressions\[0\]: accountId must be a 12-digit AWS account id$/],
    ['an unquoted account id', 'suppressions:\n  - accountId: 012345678901\n    reason: r\n    expires: 2027-01-01\n', /^f\.yaml:2:16: suppressions\[0\]: accountId must be a 12-digit AWS account id in quotes/],
    ['a rule that matches everything', 'suppressions:\n  - reason: r\n    expires: 2027-01-01\n', /^f\.yaml:2:5: suppressions\[0\]: must name at least one of/],
    ['an unknown top-level key', 'suppresions:\n  - reason: r\n', /^f\.yaml:1:1: unknown top-level field "suppresions"/],
    ['a non-list', 'suppressions: yes\n', /^f\.yaml:1:15: `suppressions` must be a list of rules$/],
    ['broken YAML', 'suppressions:\n  - reason: "r\n', /^f\.yaml:\d+:\d+: not valid YAML/],
    [
      'a resource id pattern longer than 256 characters, at the value',
      `suppressions:\n  - resourceId: "${'a*'.repeat(129)}"\n    reason: r\n    expires: 2027-01-01\n`,
      /^f\.yaml:2:17: suppressions\[0\]: resourceId is 258 characters long; a resource id pattern may have at most 256$/,
    ],
    [
      'a resource id pattern with too many brace alternatives',
      'suppressions:\n  - region: global\n    reason: r\n    expires: 2027-01-01\n  - reason: r\n    resourceId: "{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}"\n    expires: 2027-01-01\n',
      /^f\.yaml:6:17: suppressions\[1\]: resourceId has \{…\} groups that expand to more than 64 alternatives$/,
    ],
    [
      'duplicate ids',
      'suppressions:\n  - id: a\n    region: eu-west-1\n    reason: r\n    expires: 2027-01-01\n  - id: a\n    region: eu-west-2\n    reason: r\n    expires: 2027-01-01\n',
      /^f\.yaml:6:5: suppressions\[1\]: duplicate rule id a \(also suppressions\[0\]\)$/,
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(`rejects ${name} with file:line:column`, () => {
      let caught: unknown;
      try {
        parseSuppressionRules(text, 'f.yaml');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SuppressionFileError);
      expect((caught as Error).message).toMatch(expected);
    });
  }
});

describe('loadSuppressionFile', () => {
  it('reads a file and reports a missing one clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orgscan-sup-'));
    try {
      const path = join(dir, 's.yaml');
      await writeFile(path, 'suppressions:\n  - region: eu-west-1\n    reason: r\n    expires: 2027-01-01\n');
      expect(await loadSuppressionFile(path)).toHaveLength(1);
      await expect(loadSuppressionFile(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read suppression file .*missing\.yaml: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('validateSuppressionRule', () => {
  it('accepts REST input and generates an id', () => {
    const r = validateSuppressionRule({ checkId: 'iam-root-mfa', accountId: '123456789012', reason: 'break-glass account', expires: '2027-01-01' });
    expect(r).toMatchObject({ checkId: 'iam-root-mfa', accountId: '123456789012', expires: '2027-01-01' });
    expect(r.id).toMatch(/^sup-/);
  });
  it('names every bad field', () => {
    expect(() => validateSuppressionRule({ checkId: 'nope', expires: '31/12/2026', colour: 'red' })).toThrow(SuppressionRuleError);
    try {
      validateSuppressionRule({ checkId: 'nope', expires: '31/12/2026' });
    } catch (err) {
      expect((err as Error).message).toContain('checkId unknown check id "nope"');
      expect((err as Error).message).toContain('reason is required');
      expect((err as Error).message).toContain('expires must be a date YYYY-MM-DD');
    }
    expect(() => validateSuppressionRule('text')).toThrow(/invalid suppression rule: a rule must be a mapping of fields/);
    expect(() => validateSuppressionRule({ region: 'eu-west-1', reason: 42, expires: '2027-01-01' })).toThrow(/reason Invalid input: expected string, received number/);
    expect(() => validateSuppressionRule({ region: 'eu-west-1', reason: 'r', expires: '2027-01-01', extra: 1 })).toThrow(/unknown field extra/);
    expect(() => validateSuppressionRule({ resourceId: 'x'.repeat(257), reason: 'r', expires: '2027-01-01' })).toThrow(
      /invalid suppression rule: resourceId is 257 characters long; a resource id pattern may have at most 256/,
    );
  });
});

describe('createSuppressor', () => {
  it('mutes nothing without rules', () => {
    expect(createSuppressor([], NOW)(finding())).toBeNull();
  });

  it('ANDs the fields of one rule', () => {
    const suppress = createSuppressor([rule({ checkId: 's3-bucket-versioning', accountId: '111111111111', resourceId: 'logs-*' })], NOW);
    expect(suppress(finding())).toEqual({ ruleId: 'r1', reason: 'accepted risk', expires: '2026-12-31', owner: undefined });
    expect(suppress(finding({ accountId: '222222222222' }))).toBeNull();
    expect(suppress(finding({ resourceId: 'app-data' }))).toBeNull();
    expect(suppress(finding({ checkId: 's3-bucket-ssl-only' }))).toBeNull();
  });

  it('ORs rules and reports the first that matches', () => {
    const suppress = createSuppressor(
      [rule({ id: 'a', region: 'eu-west-1' }), rule({ id: 'b', resourceId: 'logs-archive', owner: 'sec' })],
      NOW,
    );
    expect(suppress(finding())?.ruleId).toBe('b');
    expect(suppress(finding({ region: 'eu-west-1', resourceId: 'x' }))?.ruleId).toBe('a');
    expect(suppress(finding({ region: 'eu-west-2', resourceId: 'x' }))).toBeNull();
  });

  it('expresses "mute rds-instance-single-az where tag Environment is dev"', () => {
    const suppress = createSuppressor([rule({ checkId: 'rds-instance-single-az', tags: { Environment: 'dev' } })], NOW);
    const rds = finding({ checkId: 'rds-instance-single-az', resourceId: 'db1' });
    expect(suppress({ ...rds, tags: { Environment: 'dev', Team: 'x' } })).not.toBeNull();
    expect(suppress({ ...rds, tags: { Environment: 'prod' } })).toBeNull();
    expect(suppress({ ...rds, tags: {} })).toBeNull();
  });

  it('matches resource ids exactly or by glob', () => {
    const suppress = createSuppressor([rule({ resourceId: 'sg-0{1,2}*' }), rule({ id: 'r2', resourceId: 'user/ci-*/policy/**' })], NOW);
    expect(suppress(finding({ resourceId: 'sg-01abc' }))).not.toBeNull();
    expect(suppress(finding({ resourceId: 'sg-03abc' }))).toBeNull();
    expect(suppress(finding({ resourceId: 'user/ci-bot/policy/deploy' }))?.ruleId).toBe('r2');
    expect(suppress(finding({ resourceId: 'user/alice/policy/deploy' }))).toBeNull();
  });

  it('answers at once for a pattern that makes a backtracking RegExp take minutes', () => {
    // picomatch compiled this to a backtracking RegExp: 12 s for one 5,000-character name, far more here.
    const suppress = createSuppressor([rule({ resourceId: '*a'.repeat(13) })], NOW);
    expect(suppress(finding({ resourceId: `${'a'.repeat(20_000)}b` }))).toBeNull();
    expect(suppress(finding({ resourceId: 'a'.repeat(20_000) }))?.ruleId).toBe('r1');
  });

  it('matches through the end of the expiry day (UTC) and not after', () => {
    const r = [rule({ region: 'global', expires: '2026-11-23' })];
    expect(createSuppressor(r, new Date('2026-11-23T23:59:59.999Z'))(finding())).not.toBeNull();
    expect(createSuppressor(r, new Date('2026-11-24T00:00:00Z'))(finding())).toBeNull();
  });

  it('mutes only FAIL findings', () => {
    const suppress = createSuppressor([rule({ resourceId: 'logs-archive' })], NOW);
    expect(suppress(finding({ status: 'PASS' }))).toBeNull();
    expect(suppress(finding({ status: 'ERROR', errorCode: 'AccessDenied' }))).toBeNull();
    expect(suppress(finding({ status: 'FAIL' }))).not.toBeNull();
  });
});

describe('expiringRules', () => {
  it('lists active rules ending within the window, soonest first', () => {
    const rules = [
      rule({ id: 'late', expires: '2026-12-06' }), // ends 2026-12-07T00:00Z: 13.5 days away
      rule({ id: 'soon', expires: '2026-11-25' }),
      rule({ id: 'expired', expires: '2026-11-22' }),
      rule({ id: 'far', expires: '2027-06-01' }),
      rule({ id: 'edge', expires: '2026-12-07' }), // ends 2026-12-08T00:00Z: 14.5 days away
    ];
    expect(expiringRules(rules, NOW).map((r) => r.id)).toEqual(['soon', 'late']);
    expect(expiringRules(rules, NOW, 30).map((r) => r.id)).toEqual(['soon', 'late', 'edge']);
  });
});
