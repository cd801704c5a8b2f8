// The synthetic organization: N accounts × R regions from a seed. Units are generated on demand
// and kept in a small LRU cache, so memory does not grow with the number of accounts.
import { hash32, Rng } from '../random.js';
import { generateGlobalUnit } from './global.js';
import { generateRegionalUnit } from './regional.js';
import type { GlobalUnit, RegionalUnit } from './types.js';

/** The 17 regions AWS enables by default (no opt-in), in a stable order. */
export const DEFAULT_REGIONS = [
  'us-east-1',
  'eu-west-1',
  'us-west-2',
  'eu-central-1',
  'ap-southeast-1',
  'ap-northeast-1',
  'us-east-2',
  'eu-west-2',
  'ap-southeast-2',
  'ca-central-1',
  'ap-south-1',
  'eu-north-1',
  'us-west-1',
  'eu-west-3',
  'ap-northeast-2',
  'sa-east-1',
  'ap-northeast-3',
] as const;

/** Regions that need opting in: listed by DescribeRegions(AllRegions) as not-opted-in. */
export const OPT_IN_REGIONS = ['af-south-1', 'ap-east-1', 'me-south-1', 'eu-south-1', 'ap-southeast-3'] as const;

export interface OrganizationOptions {
  seed: string;
  accounts: number;
  /** How many of DEFAULT_REGIONS are enabled in every account (1..17). */
  regions: number;
  /** Share of resources with a planted problem (default 0.08). */
  problemRate?: number;
  /** Reference time for resource ages (default: now). */
  now?: Date;
  /** Regional units kept generated at once (default 512; global units: a quarter, at least 64). */
  cacheSize?: number;
}

const MAX_ACCOUNTS = 100_000;

class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    return value;
  }
}

export class SyntheticOrganization {
  readonly seed: string;
  readonly accountCount: number;
  readonly regions: readonly string[];
  readonly problemRate: number;
  readonly now: Date;
  readonly managementAccountId: string;
  private readonly base: number;
  private readonly regional: Lru<RegionalUnit>;
  private readonly global: Lru<GlobalUnit>;

  constructor(options: OrganizationOptions) {
    if (!Number.isInteger(options.accounts) || options.accounts < 1 || options.accounts > MAX_ACCOUNTS) {
      throw new RangeError(`accounts must be an integer from 1 to ${MAX_ACCOUNTS}, got ${options.accounts}`);
    }
    if (!Number.isInteger(options.regions) || options.regions < 1 || options.regions > DEFAULT_REGIONS.length) {
      throw new RangeError(`regions must be an integer from 1 to ${DEFAULT_REGIONS.length}, got ${options.regions}`);
    }
    const problemRate = options.problemRate ?? 0.08;
    if (!(problemRate >= 0 && problemRate <= 1)) throw new RangeError(`problemRate must be between 0 and 1, got ${problemRate}`);
    this.seed = options.seed;
    this.accountCount = options.accounts;
    this.regions = DEFAULT_REGIONS.slice(0, options.regions);
    this.problemRate = problemRate;
    this.now = options.now ?? new Date();
    // Account ids: a seed-derived 12-digit base plus the account's index (the management account is index 0).
    this.base = 100_000_000_000 + (hash32(`accounts|${this.seed}`) % 800_000) * 1_000_000;
    this.managementAccountId = String(this.base);
    const cacheSize = options.cacheSize ?? 512;
    this.regional = new Lru(cacheSize);
    this.global = new Lru(Math.max(64, Math.floor(cacheSize / 4)));
  }

  /** Member account i (0-based); account 0 is the management account. */
  accountId(index: number): string {
    return String(this.base + index);
  }

  accountIndex(accountId: string): number | null {
    if (!/^\d{12}$/.test(accountId)) return null;
    const index = Number(accountId) - this.base;
    return index >= 0 && index < this.accountCount ? index : null;
  }

  accountName(index: number): string {
    return index === 0 ? 'management' : `${Rng.of(this.seed, 'name', index).pick(['prod', 'dev', 'staging', 'sandbox', 'shared', 'data', 'security'])}-${String(index).padStart(4, '0')}`;
  }

  /** The organization's OUs: id, name and parent (the root's id for top-level OUs). */
  get organizationalUnits(): { id: string; name: string; parentId: string }[] {
    const root = this.rootId;
    const ou = (name: string) => `ou-${root.slice(2, 6)}-${name.toLowerCase().padEnd(8, '0')}`;
    return [
      { id: ou('Workloads'), name: 'Workloads', parentId: root },
      { id: ou('Prod'), name: 'Prod', parentId: ou('Workloads') },
      { id: ou('NonProd'), name: 'NonProd', parentId: ou('Workloads') },
      { id: ou('Sandbox'), name: 'Sandbox', parentId: root },
      { id: ou('Security'), name: 'Security', parentId: root },
    ];
  }

  get rootId(): string {
    return `r-${this.managementAccountId.slice(-4)}`;
  }

  /** The OU an account sits in, by the kind in its name; the management account sits at the root. */
  accountParent(index: number): string {
    if (index === 0) return this.rootId;
    const kind = this.accountName(index).split('-')[0]!;
    const name = kind === 'prod' || kind === 'data' ? 'Prod' : kind === 'dev' || kind === 'staging' ? 'NonProd' : kind === 'sandbox' ? 'Sandbox' : 'Security';
    return this.organizationalUnits.find((o) => o.name === name)!.id;
  }

  /** Account tags: the environment kind and a cost centre. */
  accountTags(index: number): Record<string, string> {
    if (index === 0) return { env: 'management' };
    return { env: this.accountName(index).split('-')[0]!, 'cost-center': `cc-${100 + (index % 3)}` };
  }

  /** Whether the region carries the account's workloads: a home region plus about one in seven others. */
  isActiveRegion(accountId: string, region: string): boolean {
    const home = this.regions[hash32(`home|${this.seed}|${accountId}`) % this.regions.length];
    return region === home || hash32(`active|${this.seed}|${accountId}|${region}`) % 7 === 0;
  }

  regionalUnit(accountId: string, region: string): RegionalUnit {
    return this.regional.get(`${accountId}|${region}`, () =>
      generateRegionalUnit({
        seed: this.seed,
        accountId,
        region,
        active: this.isActiveRegion(accountId, region),
        problemRate: this.problemRate,
        now: this.now,
      }),
    );
  }

  globalUnit(accountId: string): GlobalUnit {
    return this.global.get(accountId, () =>
      generateGlobalUnit({ seed: this.seed, accountId, regions: this.regions, problemRate: this.problemRate, now: this.now }),
    );
  }
}
