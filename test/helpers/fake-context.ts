// A CheckContext for check unit tests: supply the collector data a test needs;
// any collector a test did not supply throws, so a check reading unexpected data fails loudly.
import { createPriceBook } from '../../checks/pricing.js';
import { evaluateCheck } from '../../checks/evaluate.js';
import {
  type Check,
  type CheckContext,
  type CheckResult,
  type CloudWatchCollectors,
  type ConfigCollectors,
  type Ec2Collectors,
  type EksCollectors,
  type ElbCollectors,
  type LogsCollectors,
  type IamCollectors,
  type RdsCollectors,
  type S3Collectors,
} from '../../checks/types.js';

export interface FakeContextInput {
  accountId?: string;
  region?: string;
  now?: Date;
  ec2?: Partial<Ec2Collectors>;
  rds?: Partial<RdsCollectors>;
  cloudwatch?: Partial<CloudWatchCollectors>;
  config?: Partial<ConfigCollectors>;
  s3?: Partial<S3Collectors>;
  iam?: Partial<IamCollectors>;
  elb?: Partial<ElbCollectors>;
  logs?: Partial<LogsCollectors>;
  eks?: Partial<EksCollectors>;
}

function strict<T extends object>(service: string, supplied: Partial<T> | undefined): T {
  return new Proxy((supplied ?? {}) as T, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target)) {
        return () => Promise.reject(new Error(`fake context: ${service}.${prop}() was not supplied by the test`));
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** An AWS-style error, as the SDK would throw it for a denied or failing call. */
export function awsError(name: string, message = name): Error {
  const err = new Error(message);
  err.name = name;
  return Object.assign(err, { $metadata: { httpStatusCode: 403 } });
}

export function fakeContext(input: FakeContextInput = {}): CheckContext {
  return {
    accountId: input.accountId ?? '111111111111',
    region: input.region ?? 'us-east-1',
    partition: 'aws',
    now: input.now ?? new Date('2026-11-23T12:00:00Z'),
    prices: createPriceBook(),
    ec2: strict('ec2', input.ec2),
    rds: strict('rds', input.rds),
    cloudwatch: strict('cloudwatch', input.cloudwatch),
    config: strict('config', input.config),
    s3: strict('s3', input.s3),
    iam: strict('iam', input.iam),
    elb: strict('elb', input.elb),
    logs: strict('logs', input.logs),
    eks: strict('eks', input.eks),
  };
}

/**
 * Runs a check as the scanner does: through its declared reads and price keys only (an undeclared
 * read fails the test), with its options parsed from `options` (defaults for the rest).
 */
export function runCheck(check: Check, ctx: CheckContext, options: Record<string, unknown> = {}): Promise<CheckResult[]> {
  return evaluateCheck(check, ctx, check.parseOptions(options));
}
