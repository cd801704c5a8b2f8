// Plants the resources of the waste checks for load balancers, log groups and EKS (and old RDS engine
// versions) into a generated unit. A random stream of its own leaves every other generated resource unchanged.
import { Rng } from '../random.js';
import type { RegionalUnit, SynthLoadBalancer } from './types.js';
import type { RegionalParams } from './regional.js';

const DAY_MS = 86_400_000;
const GiB = 1024 ** 3;

/** Kubernetes versions the synthetic EKS answers, with their status on 2026-11 (see emulator/synthetic/services/eks.ts). */
const CURRENT_EKS_VERSIONS = ['1.33', '1.34', '1.35'];
const OLD_EKS_VERSIONS = ['1.31', '1.32'];

export function plantElbLogsEks(unit: RegionalUnit, p: RegionalParams): void {
  const rng = Rng.of(p.seed, p.accountId, p.region, 'elb-logs-eks');
  const bad = () => rng.chance(p.problemRate);
  const daysAgo = (min: number, max: number) => new Date(p.now.getTime() - rng.int(min, max) * DAY_MS);
  const vpcId = unit.vpcs[0]?.id ?? 'vpc-00000000000000000';

  // Log groups: Lambda and VPC flow logs appear in every region an account touches; busy regions hold more.
  const groupCount = p.active ? rng.int(3, 12) : rng.int(0, 2);
  for (let g = 0; g < groupCount; g++) {
    unit.logGroups.push({
      name: `/aws/${rng.pick(['lambda', 'ecs', 'vpc/flow-logs', 'rds/instance'])}/${rng.pick(['orders', 'users', 'events', 'billing'])}-${rng.hex(6)}`,
      // Planted: a group that never expires (the console's default).
      retentionDays: bad() ? null : rng.pick([7, 14, 30, 90, 365]),
      storedBytes: rng.int(0, 200) * GiB + rng.int(0, 1_000_000),
      createdAt: daysAgo(1, 1500),
    });
  }
  if (!p.active) return;

  const lbCount = rng.int(0, 3);
  for (let l = 0; l < lbCount; l++) {
    const type = rng.pick<SynthLoadBalancer['type']>(['application', 'application', 'network', 'classic']);
    // Planted: a load balancer left behind with no targets and no traffic.
    const idle = bad();
    const targets = idle ? [] : Array.from({ length: rng.int(1, 4) }, () => `i-${rng.hex(17)}`);
    unit.loadBalancers.push({
      name: `${rng.pick(['web', 'api', 'internal', 'grpc'])}-${rng.hex(6)}`,
      type,
      suffix: rng.hex(16),
      vpcId,
      createdAt: daysAgo(30, 1200),
      targets,
      healthyTargets: targets.length === 0 ? 0 : rng.int(1, targets.length),
      requestsPerDay: idle ? 0 : rng.int(100, 5_000_000),
      reservedCapacityUnits: type !== 'classic' && rng.chance(0.1) ? rng.int(1, 20) * 10 : 0,
    });
  }

  if (rng.chance(0.3)) {
    const count = rng.int(1, 2);
    for (let c = 0; c < count; c++) {
      unit.eksClusters.push({
        name: `${rng.pick(['prod', 'staging', 'batch'])}-${rng.hex(6)}`,
        // Planted: a cluster left on a version past standard support.
        version: bad() ? rng.pick(OLD_EKS_VERSIONS) : rng.pick(CURRENT_EKS_VERSIONS),
        supportType: rng.chance(0.9) ? 'EXTENDED' : 'STANDARD',
        createdAt: daysAgo(60, 900),
      });
    }
  }

  // Planted: PostgreSQL instances left on a major version in RDS Extended Support.
  for (const db of unit.dbInstances) {
    if (db.engine === 'postgres' && db.clusterId === null && bad()) db.engineVersion = rng.pick(['11.22', '12.22', '13.20']);
  }
}
