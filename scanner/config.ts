// The configuration file (orgscan.config.yaml or .json): validated at start-up,
// failing with the path of the bad field. Secrets come from the environment, never from here.
import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { CHECKS, checkOptionsSchema } from '../checks/index.js';
import { priceOverridesSchema } from '../checks/pricing.js';
import { accountMetadataSchema, ownershipSchema } from '../notify/config.js';
import { DEFAULT_CONCURRENCY } from './types.js';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, ROLE_NAME_PATTERN } from './validation.js';

/**
 * YAML reads an unquoted 111111111111 as a number: accepted when it has exactly 12 digits. An id with a
 * leading zero (012345678901) arrives as 12345678901, its zero lost, so any other number asks for quotes.
 */
const accountId = z.preprocess(
  (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1e11 && v < 1e12 ? String(v) : v),
  z
    .string({
      error: "must be a 12-digit AWS account id: quote account ids in YAML ('012345678901'); unquoted, YAML reads an id as a number and drops its leading zeros",
    })
    .regex(ACCOUNT_ID_PATTERN, 'must be a 12-digit AWS account id'),
);
const region = z.string().regex(REGION_PATTERN, 'must be an AWS region name such as eu-west-1');
const positiveInt = z.number().int().positive();

export const configSchema = z
  .object({
    /** Scan every ACTIVE account of the organization. */
    organization: z.boolean().default(false),
    accounts: z.array(accountId).optional(),
    regions: z.array(region).optional(),
    excludeRegions: z.array(region).optional(),
    checks: z.array(z.string().min(1)).optional(),
    roleName: z
      .string()
      .regex(ROLE_NAME_PATTERN, 'must be an IAM role name (not an ARN)')
      .default('OrgScanReadOnly'),
    /** The ExternalId is not a secret in AWS's model, but ORGSCAN_EXTERNAL_ID overrides it. */
    externalId: z.string().min(2).max(1224).optional(),
    concurrency: z
      .object({
        accounts: positiveInt.default(DEFAULT_CONCURRENCY.accounts),
        units: positiveInt.default(DEFAULT_CONCURRENCY.units),
        apiCalls: positiveInt.default(DEFAULT_CONCURRENCY.apiCalls),
      })
      .strict()
      .default(DEFAULT_CONCURRENCY),
    /** Check id → that check's options; each check declares its own (`orgscan checks --json`). */
    checkOptions: checkOptionsSchema(CHECKS).prefault({}),
    /** Region name (or '*') → price overrides. */
    prices: priceOverridesSchema.default({}),
    /** Path of the suppression file (YAML), relative to this config file. */
    suppressionsFile: z.string().optional(),
    /** Account id → name, OU path and tags, for accounts Organizations cannot describe (scans with --accounts). */
    accountMetadata: accountMetadataSchema.optional(),
    /** Teams, their notification sinks and the ordered routing rules (docs/ownership.md). */
    ownership: ownershipSchema.optional(),
    /** Days of scans to keep in the store; the latest finished scan is never deleted. */
    retentionDays: positiveInt.default(90),
    mail: z
      .object({
        from: z.string().min(3),
        to: z.array(z.string().min(3)).min(1),
        subjectPrefix: z.string().default('[orgscan]'),
        /** SES v2 configuration set. */
        configurationSet: z.string().optional(),
        /** Base URL of the service, for the report link in the email. */
        reportBaseUrl: z.string().url().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type OrgScanConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function describeIssues(source: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${source}: ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('\n');
}

/** Validates an already-parsed configuration object. */
export function parseConfig(raw: unknown, source = 'config'): OrgScanConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(describeIssues(source, result.error));
  return result.data;
}

/** The line and column of the YAML node an issue points at (an unknown key itself, else the nearest node on its path). */
function positionInYaml(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): { line: number; col: number } | null {
  const path = issue.path as (string | number)[];
  let node: Node | null = null;
  if (issue.code === 'unrecognized_keys') {
    const map = doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && issue.keys.includes(String(p.key.value)));
      if (pair && isScalar(pair.key)) node = pair.key;
    }
  }
  for (let n = path.length; !node && n >= 0; n--) {
    const found = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (found && typeof found === 'object' && 'range' in found) node = found as Node;
  }
  return node?.range ? lines.linePos(node.range[0]) : null;
}

/** Reads and validates a YAML or JSON configuration file. */
export async function loadConfigFile(path: string): Promise<OrgScanConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (path.endsWith('.json')) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`config file ${path} is not valid JSON: ${(err as Error).message}`);
    }
    return parseConfig(raw, path);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(`config file ${path} is not valid YAML: ${doc.errors[0]!.message}`);
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  // Like the suppression file's errors: file:line:column: field: message.
  throw new ConfigError(
    result.error.issues
      .map((issue) => {
        const at = positionInYaml(doc, lines, issue);
        return `${path}${at ? `:${at.line}:${at.col}` : ''}: ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`;
      })
      .join('\n'),
  );
}
