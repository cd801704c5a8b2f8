import type { Cluster, ClusterVersionInformation } from '@aws-sdk/client-eks';
import type { DBInstance, DBMajorEngineVersion } from '@aws-sdk/client-rds';
import { z } from 'zod';
import { collectorActions, type CollectorName } from '../catalog.js';
import { defineCheck } from '../define.js';
import type { ResolvedPrice } from '../pricing.js';
import type { CheckContext, CheckResult } from '../types.js';
import { HOURS_PER_MONTH, PER_RESOURCE_CONCURRENCY, awsErrorCode, formatUsd, mapBounded, usd } from '../support/index.js';
import {
  EKS_CALENDAR_SOURCE,
  RDS_CALENDAR_SOURCE,
  RDS_STANDARD_SUPPORT_END,
  eksStatusFromCalendar,
  type EksSupportStatus,
} from '../support/support-calendars.js';

const DAY_MS = 86_400_000;
const estimated = (p: ResolvedPrice): boolean => p.basis === 'estimate' || p.basis === 'us-east-1';

// ---------------------------------------------------------------- EKS

/** The status the EKS API reports for a version (versionStatus, else the deprecated lower-case status). */
function apiStatus(info: ClusterVersionInformation): EksSupportStatus | null {
  if (info.versionStatus) return info.versionStatus as EksSupportStatus;
  const legacy: Record<string, EksSupportStatus> = {
    'standard-support': 'STANDARD_SUPPORT',
    'extended-support': 'EXTENDED_SUPPORT',
    unsupported: 'UNSUPPORTED',
  };
  return info.status ? (legacy[info.status] ?? null) : null;
}

interface VersionSource {
  versions: ClusterVersionInformation[] | null;
  /** Why the API could not be used, when it could not. */
  apiError: string | null;
}

async function eksResults(ctx: CheckContext): Promise<CheckResult[]> {
  const names = await ctx.eks.clusters();
  if (names.length === 0) return [];
  // The version list is the authority; an account or emulator that cannot answer it falls back to the dated calendar.
  const source: VersionSource = await ctx.eks.clusterVersions().then(
    (versions) => ({ versions, apiError: null }),
    (err: unknown) => ({ versions: null, apiError: awsErrorCode(err) }),
  );
  const clusters = await mapBounded(names, PER_RESOURCE_CONCURRENCY, (name) => ctx.eks.cluster(name));
  const price = ctx.prices.resolve('eks.extendedSupport.clusterHour', ctx.region);
  return clusters.map((cluster) => eksResult(ctx, cluster, source, price));
}

function eksResult(ctx: CheckContext, cluster: Cluster, source: VersionSource, price: ResolvedPrice): CheckResult {
  const name = cluster.name ?? 'unknown';
  const version = cluster.version ?? 'unknown';
  const info = source.versions?.find((v) => v.clusterVersion === version);
  const fromApi = info ? apiStatus(info) : null;
  const status = fromApi ?? eksStatusFromCalendar(version, ctx.now);
  // Without an upgrade policy the cluster has AWS's default, EXTENDED; STANDARD clusters are upgraded instead of billed.
  const supportType = cluster.upgradePolicy?.supportType ?? 'EXTENDED';
  const evidence: Record<string, unknown> = {
    clusterName: name,
    version,
    supportStatus: status,
    supportStatusSource: fromApi
      ? 'EKS DescribeClusterVersions'
      : status
        ? `dated calendar (${EKS_CALENDAR_SOURCE})${source.apiError ? `; DescribeClusterVersions failed: ${source.apiError}` : ''}`
        : null,
    endOfStandardSupport: info?.endOfStandardSupportDate?.toISOString() ?? null,
    endOfExtendedSupport: info?.endOfExtendedSupportDate?.toISOString() ?? null,
    upgradePolicySupportType: supportType,
    platformVersion: cluster.platformVersion ?? null,
  };
  const base = { resourceType: 'AWS::EKS::Cluster', resourceId: name, resourceArn: cluster.arn ?? null, evidence };
  if (status === null) {
    return {
      ...base,
      status: 'PASS',
      message: `EKS cluster ${name} runs Kubernetes ${version}, which neither the EKS API nor orgscan's calendar lists; no surcharge is known.`,
      estimatedMonthlyCostUsd: null,
    };
  }
  if (status === 'STANDARD_SUPPORT' || supportType === 'STANDARD') {
    return {
      ...base,
      status: 'PASS',
      message:
        status === 'STANDARD_SUPPORT'
          ? `EKS cluster ${name} runs Kubernetes ${version}, in standard support.`
          : `EKS cluster ${name} runs Kubernetes ${version} past standard support, but its upgrade policy is STANDARD: EKS upgrades it rather than billing extended support.`,
      estimatedMonthlyCostUsd: null,
    };
  }
  const monthly = usd(price.usd * HOURS_PER_MONTH);
  return {
    ...base,
    status: 'FAIL',
    message:
      `EKS cluster ${name} runs Kubernetes ${version}, ${status === 'UNSUPPORTED' ? 'past the end of extended support (EKS upgrades it automatically)' : 'in extended support'}: ` +
      `it pays ${formatUsd(monthly)}/month more than in standard support ($0.60 instead of $0.10 per cluster-hour).`,
    evidence: { ...evidence, surchargePerHourUsd: price.usd, surchargePriceBasis: price.basis, hoursPerMonth: HOURS_PER_MONTH },
    estimatedMonthlyCostUsd: monthly,
    // The surcharge is billed per cluster-hour whatever the cluster runs; a status from the calendar or a borrowed price is an estimate.
    costBasis: fromApi === 'EXTENDED_SUPPORT' && !estimated(price) ? 'exact' : 'estimate',
  };
}

// ---------------------------------------------------------------- RDS

const RDS_ENGINES = new Set(['mysql', 'postgres', 'aurora-mysql', 'aurora-postgresql']);
const EXTENDED_SUPPORT_DISABLED = 'open-source-rds-extended-support-disabled';

/** The major version RDS groups an engine version under: "8.0" for MySQL, "16" for PostgreSQL (10+), "9.6" before. */
export function majorVersionOf(engine: string, engineVersion: string): string | null {
  const parts = engineVersion.split('.');
  if (parts.length < 2 || !/^\d+$/.test(parts[0]!)) return null;
  if (engine.includes('postgres')) return Number(parts[0]) >= 10 ? parts[0]! : `${parts[0]}.${parts[1]}`;
  return `${parts[0]}.${parts[1]}`;
}

const BURSTABLE_VCPUS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  t2: { micro: 1, small: 1, medium: 2, large: 2, xlarge: 4, '2xlarge': 8 },
  t3: { micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, '2xlarge': 8 },
  t4g: { micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, '2xlarge': 8 },
};
/** Families whose sizes follow EC2's rule: large = 2 vCPUs, xlarge = 4, N·xlarge = 4·N. */
const REGULAR_FAMILIES = new Set([
  'm5', 'm5d', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6in', 'm6idn', 'm7g', 'm7gd', 'm7i', 'm8g',
  'r5', 'r5b', 'r5d', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6in', 'r6idn', 'r7g', 'r7gd', 'r7i', 'r8g',
  'x2g', 'x2idn', 'x2iedn', 'c6gd',
]);

/** vCPUs of a DB instance class ("db.r6g.2xlarge" → 8); null when orgscan does not know the class. */
export function vcpusOf(instanceClass: string): number | null {
  const match = /^db\.([a-z0-9-]+)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!match) return null;
  const [, family, size] = match as unknown as [string, string, string];
  const burstable = BURSTABLE_VCPUS[family];
  if (burstable) return burstable[size] ?? null;
  if (!REGULAR_FAMILIES.has(family)) return null;
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const n = /^(\d+)xlarge$/.exec(size)?.[1];
  return n ? Number(n) * 4 : null;
}

interface Lifecycle {
  /** Last moment of standard support. */
  standardEnd: Date;
  source: string;
}

function lifecycleFromApi(versions: DBMajorEngineVersion[], engine: string, major: string): Lifecycle | null {
  const entry = versions.find((v) => v.Engine === engine && v.MajorEngineVersion === major);
  const standard = entry?.SupportedEngineLifecycles?.find((l) => l.LifecycleSupportName === 'open-source-rds-standard-support');
  return standard?.LifecycleSupportEndDate ? { standardEnd: standard.LifecycleSupportEndDate, source: 'RDS DescribeDBMajorEngineVersions' } : null;
}

function lifecycleFromCalendar(engine: string, major: string, apiError: string | null): Lifecycle | null {
  const day = RDS_STANDARD_SUPPORT_END[engine]?.[major];
  if (!day) return null;
  return {
    standardEnd: new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1),
    source: `dated calendar (${RDS_CALENDAR_SOURCE})${apiError ? `; DescribeDBMajorEngineVersions failed: ${apiError}` : ''}`,
  };
}

function addYears(date: Date, years: number): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

async function rdsResults(ctx: CheckContext): Promise<CheckResult[]> {
  const instances = (await ctx.rds.dbInstances()).filter((d) => d.DBInstanceIdentifier && RDS_ENGINES.has(d.Engine ?? '') && d.EngineVersion);
  if (instances.length === 0) return [];
  const lifecycle = await ctx.rds.majorEngineVersions().then(
    (versions) => ({ versions, apiError: null as string | null }),
    (err: unknown) => ({ versions: [] as DBMajorEngineVersion[], apiError: awsErrorCode(err) }),
  );
  return instances.map((d) => rdsResult(ctx, d, lifecycle.versions, lifecycle.apiError));
}

function rdsResult(ctx: CheckContext, d: DBInstance, versions: DBMajorEngineVersion[], apiError: string | null): CheckResult {
  const id = d.DBInstanceIdentifier!;
  const engine = d.Engine!;
  const major = majorVersionOf(engine, d.EngineVersion!);
  const life = major ? (lifecycleFromApi(versions, engine, major) ?? lifecycleFromCalendar(engine, major, apiError)) : null;
  const enrolled = d.EngineLifecycleSupport !== EXTENDED_SUPPORT_DISABLED;
  const inExtended = life !== null && ctx.now.getTime() > life.standardEnd.getTime();
  const evidence: Record<string, unknown> = {
    engine,
    engineVersion: d.EngineVersion,
    majorVersion: major,
    endOfStandardSupport: life?.standardEnd.toISOString() ?? null,
    lifecycleSource: life?.source ?? null,
    engineLifecycleSupport: d.EngineLifecycleSupport ?? null,
    instanceClass: d.DBInstanceClass ?? null,
    multiAz: d.MultiAZ === true,
  };
  const base = { resourceType: 'AWS::RDS::DBInstance', resourceId: id, resourceArn: d.DBInstanceArn ?? null, evidence };
  if (!inExtended || !enrolled) {
    return {
      ...base,
      status: 'PASS',
      message: !life
        ? `DB instance ${id} runs ${engine} ${d.EngineVersion}, which has no known end of standard support.`
        : !inExtended
          ? `DB instance ${id} runs ${engine} ${major}, in standard support until ${life.standardEnd.toISOString().slice(0, 10)}.`
          : `DB instance ${id} runs ${engine} ${major} past standard support but is not enrolled in RDS Extended Support.`,
      estimatedMonthlyCostUsd: null,
    };
  }
  // Year 3 starts two years after the end of standard support; Aurora MySQL keeps the years 1–2 price throughout.
  const year3 = engine !== 'aurora-mysql' && ctx.now.getTime() > addYears(life.standardEnd, 2).getTime();
  const price = ctx.prices.resolve(year3 ? 'rds.extendedSupport.yr3.vcpuHour' : 'rds.extendedSupport.yr1to2.vcpuHour', ctx.region);
  const vcpus = vcpusOf(d.DBInstanceClass ?? '');
  // The standby of a Multi-AZ instance is charged too; an Aurora instance has no standby (each reader is its own instance).
  const billedInstances = d.MultiAZ === true && !engine.startsWith('aurora') ? 2 : 1;
  const pricing = { extendedSupportYear: year3 ? '3' : '1-2', vcpus, billedInstances, pricePerVcpuHourUsd: price.usd, priceBasis: price.basis };
  const what = `DB instance ${id} runs ${engine} ${major} in RDS Extended Support (year ${pricing.extendedSupportYear}, standard support ended ${life.standardEnd.toISOString().slice(0, 10)})`;
  if (vcpus === null) {
    return {
      ...base,
      status: 'FAIL',
      message: `${what}; orgscan does not know the vCPUs of ${d.DBInstanceClass ?? 'its class'}, so the surcharge (per vCPU-hour) is not estimated.`,
      evidence: { ...evidence, ...pricing },
      estimatedMonthlyCostUsd: null,
    };
  }
  const monthly = usd(vcpus * billedInstances * price.usd * HOURS_PER_MONTH);
  return {
    ...base,
    status: 'FAIL',
    message: `${what}: ${vcpus} vCPUs${billedInstances === 2 ? ' × 2 (Multi-AZ standby)' : ''} cost ${formatUsd(monthly)}/month in surcharge.`,
    evidence: { ...evidence, ...pricing, hoursPerMonth: HOURS_PER_MONTH },
    estimatedMonthlyCostUsd: monthly,
    // vCPUs come from the class name, not from the bill.
    costBasis: 'estimate',
  };
}

// ---------------------------------------------------------------- the two parts

const EKS_READS = ['eks.clusters', 'eks.cluster', 'eks.clusterVersions'] as const satisfies readonly CollectorName[];
const RDS_READS = ['rds.dbInstances', 'rds.majorEngineVersions'] as const satisfies readonly CollectorName[];

/**
 * One part's results, or, when its collectors fail, one ERROR result for that part alone: a denied EKS call
 * must not hide the RDS findings of the same unit (and the reverse). The resource id names the part, so the
 * two ERROR findings of a unit where both fail stay distinct.
 */
async function part(ctx: CheckContext, name: 'EKS' | 'RDS', reads: readonly CollectorName[], results: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await results();
  } catch (err) {
    const code = awsErrorCode(err);
    return [
      {
        status: 'ERROR',
        resourceType: 'AwsAccountRegion',
        resourceId: `${ctx.accountId}/${ctx.region}/${name.toLowerCase()}`,
        message: `Could not evaluate the ${name} part of eks-cluster-extended-support in ${ctx.accountId}/${ctx.region}: ${code}.`,
        evidence: { part: name, errorCode: code, requiredPermissions: collectorActions(reads) },
        errorCode: code,
      },
    ];
  }
}

export const eksClusterExtendedSupport = defineCheck({
  id: 'eks-cluster-extended-support',
  title: 'EKS cluster or RDS database pays the extended-support surcharge of an old version',
  service: 'eks',
  scope: 'regional',
  severity: 'medium',
  // FSBP EKS.2 asks for a supported Kubernetes version below a configurable floor, not for standard support; none is claimed.
  frameworks: [],
  prices: ['eks.extendedSupport.clusterHour', 'rds.extendedSupport.yr1to2.vcpuHour', 'rds.extendedSupport.yr3.vcpuHour'],
  reads: [...EKS_READS, ...RDS_READS],
  options: z.object({
    includeRds: z.boolean().default(true).describe('Also report RDS and Aurora DB instances whose major engine version is in RDS Extended Support.'),
  }),
  remediation: {
    text:
      'Upgrade the cluster to a Kubernetes version in standard support (one minor version at a time), or the database to a major ' +
      'engine version in standard support; to stop the surcharge from recurring, set the cluster upgrade policy to STANDARD.',
    url: 'https://docs.aws.amazon.com/eks/latest/userguide/extended-support-control.html',
  },
  async evaluate(ctx, options) {
    const [eks, rds] = await Promise.all([
      part(ctx, 'EKS', EKS_READS, () => eksResults(ctx)),
      options.includeRds ? part(ctx, 'RDS', RDS_READS, () => rdsResults(ctx)) : Promise.resolve([]),
    ]);
    return [...eks, ...rds];
  },
});
