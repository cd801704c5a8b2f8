import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { collectorActions } from '../../../checks/catalog.js';
import { defineCheck, validateCheck } from '../../../checks/define.js';
import { fsbp } from '../../../checks/frameworks/index.js';
import { CHECKS, findCheck, InvalidCheckError, requiredPermissions, UnknownCheckError, validateRegistry } from '../../../checks/index.js';
import { CHECK_SERVICES, type Check } from '../../../checks/types.js';
import { isWasteCheck, listChecks, register, renderCheckDetail, renderChecksTable } from '../../../cli/commands/checks.js';
import { parseConfig } from '../../../scanner/config.js';
import { runCheck, fakeContext } from '../../helpers/fake-context.js';

const CHECKS_DIR = fileURLToPath(new URL('../../../checks/', import.meta.url));

/** Every check file on disk: checks/<service>/<check-id>.ts, barrels excluded. */
function checkFiles(): { service: string; id: string }[] {
  return CHECK_SERVICES.flatMap((service) =>
    readdirSync(join(CHECKS_DIR, service))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => ({ service, id: basename(f, '.ts') })),
  );
}

const valid = {
  id: 'ec2-example-check',
  title: 'An example check for the validation tests',
  service: 'ec2',
  scope: 'regional',
  severity: 'low',
  frameworks: [],
  reads: ['ec2.volumes'],
  remediation: { text: 'Do the thing that fixes the example.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/' },
  evaluate: async () => [],
} as const;

describe('the check registry', () => {
  it('registers every check file, under its service folder, with id = file name', () => {
    const files = checkFiles();
    expect(files.length).toBeGreaterThan(0);
    const registered = new Map(CHECKS.map((c) => [c.id, c]));
    for (const { service, id } of files) {
      expect(registered.has(id), `checks/${service}/${id}.ts is not in its service barrel`).toBe(true);
      expect(registered.get(id)!.service, id).toBe(service);
    }
    expect(CHECKS.map((c) => c.id).sort()).toEqual(files.map((f) => f.id).sort());
  });

  it('validates every registered check when it loads', () => {
    expect(CHECKS.flatMap(validateCheck)).toEqual([]);
    expect(() => validateRegistry(CHECKS)).not.toThrow();
  });

  it('names every metadata problem of a bad check', () => {
    const bad = defineCheck({
      ...valid,
      id: 'Bad_Id',
      title: 'short.',
      scope: 'global',
      reads: ['ec2.volumes'],
      frameworks: [{ standard: 'aws-fsbp', control: 'EC2.999' }],
      remediation: { text: 'fix', url: 'http://example.com/' },
      options: z.object({ days: z.number() }),
    } as never) as Check;
    const problems = validateCheck(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Bad_Id: id: must be kebab-case/),
        expect.stringMatching(/^Bad_Id: title: must be a sentence/),
        expect.stringMatching(/^Bad_Id: remediation\.text: must say what to do/),
        expect.stringMatching(/^Bad_Id: remediation\.url: /),
        'Bad_Id: reads: ec2.volumes is a regional collector but the check is global',
        'Bad_Id: frameworks: aws-fsbp has no control EC2.999 (see checks/frameworks/)',
        'Bad_Id: options.days: needs a description (.describe(…))',
        'Bad_Id: options.days: needs a default',
      ]),
    );
    expect(validateCheck(defineCheck({ ...valid, reads: ['ec2.nothing'] } as never) as Check)).toEqual([
      'ec2-example-check: permissions: Too small: expected array to have >=1 items',
      'ec2-example-check: reads: unknown collector ec2.nothing (declare it in checks/catalog.ts)',
    ]);
    expect(() => validateRegistry([defineCheck(valid) as Check, defineCheck(valid) as Check])).toThrow(InvalidCheckError);
    expect(validateCheck(defineCheck({ ...valid, frameworks: [fsbp('EC2.2')] }) as Check)).toEqual([]);
  });

  it('derives permissions from the collectors a check reads', () => {
    const ssl = CHECKS.find((c) => c.id === 's3-bucket-ssl-only')!;
    expect(ssl.permissions).toEqual(['s3:GetBucketLocation', 's3:GetBucketPolicy', 's3:GetBucketTagging', 's3:ListAllMyBuckets']);
    for (const check of CHECKS) expect(check.permissions, check.id).toEqual(collectorActions(check.reads));
    // IAM action names, not API names.
    const perms = requiredPermissions();
    for (const apiName of ['s3:ListBuckets', 's3:GetPublicAccessBlock', 's3:GetBucketEncryption']) expect(perms).not.toContain(apiName);
    expect(perms).toEqual(expect.arrayContaining(['s3:GetEncryptionConfiguration', 's3:GetAccountPublicAccessBlock', 'ec2:DescribeAddresses']));
  });

  it('lets a check read only what it declares', async () => {
    const sneaky = defineCheck({
      ...valid,
      async evaluate(ctx) {
        await ctx.ec2.vpcs();
        return [];
      },
    }) as Check;
    await expect(runCheck(sneaky, fakeContext({ ec2: { vpcs: async () => [] } }))).rejects.toThrow(
      'check ec2-example-check uses collector ec2.vpcs without declaring it in `reads`',
    );
    const pricey = defineCheck({
      ...valid,
      async evaluate(ctx) {
        ctx.prices.get('vpc.natGateway.hour', ctx.region);
        return [];
      },
    }) as Check;
    await expect(runCheck(pricey, fakeContext())).rejects.toThrow('uses price key vpc.natGateway.hour without declaring it in `prices`');
  });
});

describe('check options', () => {
  it('composes the configuration file schema from each check, with defaults', () => {
    const config = parseConfig({});
    expect(config.checkOptions['ebs-volume-unattached']).toEqual({ graceDays: 0 });
    expect(config.checkOptions['vpc-nat-gateway-endpoint-savings']).toEqual({ metricsDays: 14 });
    expect(parseConfig({ checkOptions: { 'ebs-volume-unattached': { graceDays: 7 } } }).checkOptions['ebs-volume-unattached']).toEqual({ graceDays: 7 });
  });

  it('rejects unknown checks, unknown fields and bad values with the path', () => {
    expect(() => parseConfig({ checkOptions: { 'ebs-volume-unattached': { graceDays: -1 } } })).toThrow(/checkOptions\.ebs-volume-unattached\.graceDays: /);
    expect(() => parseConfig({ checkOptions: { 'ebs-volume-unattached': { grace: 1 } } })).toThrow(/checkOptions\.ebs-volume-unattached: .*grace/);
    expect(() => parseConfig({ checkOptions: { ebsUnattachedGraceDays: 7 } })).toThrow(/checkOptions: .*ebsUnattachedGraceDays/);
  });
});

describe('orgscan checks', () => {
  it('renders a table that fits 100 columns: id, severity, scope, waste mark and title', () => {
    const table = renderChecksTable();
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+SCOPE\s+\$\s+TITLE$/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    expect(lines.find((l) => l.startsWith('s3-bucket-ssl-only '))).toMatch(/^s3-bucket-ssl-only\s+medium\s+global\s+S3 bucket policy/);
    expect(lines.find((l) => l.startsWith('ebs-volume-unattached '))).toMatch(/^ebs-volume-unattached\s+low\s+regional\s+\$\s+EBS volume/);
    const waste = CHECKS.filter(isWasteCheck);
    expect(waste.length).toBeGreaterThan(0);
    expect(lines.at(-2)).toBe(`${CHECKS.length} checks; ${waste.length} waste checks ($: their findings carry a monthly cost).`);
  });

  it('prints everything about one check, with its price keys and options; an unknown id is a usage error', async () => {
    const detail = renderCheckDetail(findCheck('ebs-volume-unattached')!);
    expect(detail).toContain('waste check  yes');
    expect(detail).toMatch(/ebs\.gp3\.gbMonth: USD per GB-month, us-east-1 list price 0\.08/);
    expect(detail).toMatch(/graceDays \(default 0\): /);
    expect(detail).toContain('permissions  ec2:DescribeVolumes');
    expect(renderCheckDetail(findCheck('s3-bucket-ssl-only')!)).toContain('waste check  no');
    const program = new Command().exitOverride();
    register(program);
    await expect(program.parseAsync(['node', 'orgscan', 'checks', 'no-such-check'])).rejects.toThrow(UnknownCheckError);
  });

  it('prints every registered check as JSON with --json, with its reads, prices and options', async () => {
    const program = new Command().exitOverride();
    register(program);
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'orgscan', 'checks', '--json']);
    } finally {
      spy.mockRestore();
    }
    const listed = JSON.parse(out.join(''));
    expect(listed).toEqual(JSON.parse(JSON.stringify(listChecks())));
    expect(listed.map((c: { id: string }) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(listed.find((c: { id: string }) => c.id === 'ebs-volume-unattached')).toMatchObject({
      severity: 'low',
      scope: 'regional',
      service: 'ebs',
      reads: ['ec2.volumes'],
      permissions: ['ec2:DescribeVolumes'],
      prices: expect.arrayContaining(['ebs.gp3.gbMonth']),
      options: { graceDays: { type: 'integer', minimum: 0, default: 0, description: expect.stringMatching(/created less than/) } },
    });
  });
});
