// Generates one (account, region) unit: networks, volumes, databases, alarms and Config recorders,
// with a fixed share of planted problems. Most regions of a real organization are idle (only the
// default VPC); a few per account carry the workloads.
import { Rng } from '../random.js';
import { plantElbLogsEks } from './elb-logs-eks.js';
import type {
  EniKind,
  RegionalUnit,
  SynthAlarm,
  SynthDbCluster,
  SynthDbInstance,
  SynthEni,
  SynthImage,
  SynthNatGateway,
  SynthRouteTable,
  SynthSecurityGroup,
  SynthSubnet,
  SynthVolume,
  SynthVpc,
  SynthVpcEndpoint,
} from './types.js';
import { plantRdsAndEndpointActivity } from './waste-rds-s3-vpce.js';

export interface RegionalParams {
  seed: string;
  accountId: string;
  region: string;
  /** Whether this region carries the account's workloads. */
  active: boolean;
  /** Share of resources with a planted problem, 0..1. */
  problemRate: number;
  now: Date;
}

const DAY_MS = 86_400_000;

function zones(region: string): string[] {
  return ['a', 'b', 'c'].map((z) => `${region}${z}`);
}

function ip(rng: Rng, prefix: string): string {
  return `${prefix}.${rng.int(0, 255)}.${rng.int(4, 250)}`;
}

export function generateRegionalUnit(p: RegionalParams): RegionalUnit {
  const rng = Rng.of(p.seed, p.accountId, p.region);
  const bad = () => rng.chance(p.problemRate);
  const azs = zones(p.region);
  const id = (prefix: string) => `${prefix}-${rng.hex(17)}`;
  const daysAgo = (max: number) => new Date(p.now.getTime() - rng.int(1, max) * DAY_MS - rng.int(0, 86_399) * 1000);

  const unit: RegionalUnit = {
    accountId: p.accountId,
    region: p.region,
    vpcs: [],
    subnets: [],
    routeTables: [],
    natGateways: [],
    vpcEndpoints: [],
    securityGroups: [],
    networkInterfaces: [],
    volumes: [],
    ebsEncryptionByDefault: !bad(),
    dbInstances: [],
    dbClusters: [],
    alarms: [],
    recorders: [],
    addresses: [],
    instances: [],
    snapshots: [],
    images: [],
    loadBalancers: [],
    logGroups: [],
    eksClusters: [],
  };

  // Every region has a default VPC with a subnet per zone, its main route table to the internet, and a default group.
  const defaultVpc: SynthVpc = { id: id('vpc'), cidr: '172.31.0.0/16', isDefault: true, tags: [] };
  unit.vpcs.push(defaultVpc);
  const defaultSubnets: SynthSubnet[] = azs.map((az, i) => ({ id: id('subnet'), vpcId: defaultVpc.id, az, cidr: `172.31.${i * 16}.0/20` }));
  unit.subnets.push(...defaultSubnets);
  const igw = id('igw');
  unit.routeTables.push({
    id: id('rtb'),
    vpcId: defaultVpc.id,
    main: true,
    subnetIds: [],
    routes: [
      { destination: '172.31.0.0/16', target: 'local' },
      { destination: '0.0.0.0/0', target: igw },
    ],
  });
  unit.securityGroups.push({ id: id('sg'), name: 'default', vpcId: defaultVpc.id, openPorts: [] });

  const instanceIds: string[] = [];
  const addEni = (vpcId: string, subnet: SynthSubnet, kind: EniKind, description: string, sgIds: string[]): SynthEni => {
    const instanceId = kind === 'instance' ? id('i') : null;
    if (instanceId) instanceIds.push(instanceId);
    const eni: SynthEni = {
      id: id('eni'),
      vpcId,
      subnetId: subnet.id,
      az: subnet.az,
      kind,
      description,
      instanceId,
      privateIp: ip(rng, vpcId === defaultVpc.id ? '172.31' : '10.0'),
      securityGroupIds: sgIds,
    };
    unit.networkInterfaces.push(eni);
    return eni;
  };

  // Planted: a workload left in the default VPC.
  if (bad() || (p.active && bad())) {
    const subnet = rng.pick(defaultSubnets);
    addEni(defaultVpc.id, subnet, 'instance', '', [unit.securityGroups[0]!.id]);
  }

  if (p.active) {
    const vpcCount = rng.int(1, 3);
    for (let v = 0; v < vpcCount; v++) generateVpc(v);
    generateDatabases();
    generateAlarms();
  }
  generateVolumes();
  generateRecorders();
  generateAddresses();
  generateWasteEc2();
  plantRdsAndEndpointActivity(unit, p.seed, p.problemRate);
  plantElbLogsEks(unit, p);
  return unit;

  function generateVpc(index: number): void {
    const vpc: SynthVpc = {
      id: id('vpc'),
      cidr: `10.${index}.0.0/16`,
      isDefault: false,
      tags: [{ key: 'Name', value: `${rng.pick(['prod', 'staging', 'shared', 'data'])}-${index}` }],
    };
    unit.vpcs.push(vpc);
    const publicSubnets = azs.map((az, i) => ({ id: id('subnet'), vpcId: vpc.id, az, cidr: `10.${index}.${i}.0/24` }));
    const privateSubnets = azs.map((az, i) => ({ id: id('subnet'), vpcId: vpc.id, az, cidr: `10.${index}.${i + 10}.0/24` }));
    unit.subnets.push(...publicSubnets, ...privateSubnets);

    const groups: SynthSecurityGroup[] = [{ id: id('sg'), name: 'default', vpcId: vpc.id, openPorts: [] }];
    const groupCount = rng.int(3, 12);
    for (let g = 0; g < groupCount; g++) {
      const openPorts = bad() ? [rng.pick([22, 3389])] : rng.chance(0.3) ? [443] : [];
      groups.push({ id: id('sg'), name: `app-${index}-${g}`, vpcId: vpc.id, openPorts });
    }
    unit.securityGroups.push(...groups);
    const sg = () => [rng.pick(groups).id];

    const publicRtb: SynthRouteTable = {
      id: id('rtb'),
      vpcId: vpc.id,
      main: false,
      subnetIds: publicSubnets.map((s) => s.id),
      routes: [
        { destination: vpc.cidr, target: 'local' },
        { destination: '0.0.0.0/0', target: id('igw') },
      ],
    };
    const mainRtb: SynthRouteTable = { id: id('rtb'), vpcId: vpc.id, main: true, subnetIds: [], routes: [{ destination: vpc.cidr, target: 'local' }] };
    unit.routeTables.push(mainRtb, publicRtb);

    // NAT gateways serve private subnets; a private route table per NAT gateway.
    const natCount = rng.int(0, 2);
    const privateRtbs: SynthRouteTable[] = [];
    for (let n = 0; n < natCount; n++) {
      const subnet = publicSubnets[n % publicSubnets.length]!;
      const eni = addEni(vpc.id, subnet, 'nat_gateway', `Interface for NAT Gateway ${'pending'}`, []);
      const heavy = bad();
      const nat: SynthNatGateway = {
        id: id('nat'),
        vpcId: vpc.id,
        subnetId: subnet.id,
        state: rng.chance(0.05) ? 'deleted' : 'available',
        createdAt: daysAgo(900),
        // Planted: tens of GB a day through the NAT gateway, mostly to S3, with no gateway endpoint.
        bytesOutPerDay: heavy ? rng.int(20, 200) * 1e9 : rng.int(1, 2000) * 1e6,
        bytesInPerDay: heavy ? rng.int(5, 50) * 1e9 : rng.int(1, 500) * 1e6,
        eniId: eni.id,
        privateIp: eni.privateIp,
        publicIp: `3.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      };
      eni.description = `Interface for NAT Gateway ${nat.id}`;
      unit.natGateways.push(nat);
      const rtb: SynthRouteTable = {
        id: id('rtb'),
        vpcId: vpc.id,
        main: false,
        subnetIds: privateSubnets.filter((_, i) => i % natCount === n).map((s) => s.id),
        routes: [
          { destination: vpc.cidr, target: 'local' },
          { destination: '0.0.0.0/0', target: nat.id },
        ],
      };
      privateRtbs.push(rtb);
      if (!heavy && rng.chance(0.6)) {
        const s3 = id('vpce');
        unit.vpcEndpoints.push({
          id: s3,
          vpcId: vpc.id,
          type: 'Gateway',
          serviceName: `com.amazonaws.${p.region}.s3`,
          routeTableIds: [rtb.id],
          subnetIds: [],
        });
        rtb.routes.push({ destination: 'pl-63a5400a', target: s3 });
      }
    }
    unit.routeTables.push(...privateRtbs);

    const interfaceEndpoints = rng.int(0, 3);
    for (let e = 0; e < interfaceEndpoints; e++) {
      const service = rng.pick(['ssm', 'ec2messages', 'logs', 'sts', 'secretsmanager', 'ecr.api']);
      const endpoint: SynthVpcEndpoint = {
        id: id('vpce'),
        vpcId: vpc.id,
        type: 'Interface',
        serviceName: `com.amazonaws.${p.region}.${service}`,
        routeTableIds: [],
        subnetIds: privateSubnets.map((s) => s.id),
      };
      unit.vpcEndpoints.push(endpoint);
      for (const subnet of privateSubnets) addEni(vpc.id, subnet, 'vpc_endpoint', `VPC Endpoint Interface ${endpoint.id}`, sg());
    }

    const instances = rng.int(2, 40);
    for (let i = 0; i < instances; i++) addEni(vpc.id, rng.pick(privateSubnets), 'instance', '', sg());
    const managed = rng.int(0, 12);
    for (let i = 0; i < managed; i++) {
      const kind = rng.pick<EniKind>(['lambda', 'load_balancer', 'rds']);
      const description =
        kind === 'lambda' ? `AWS Lambda VPC ENI-fn-${rng.hex(8)}` : kind === 'rds' ? 'RDSNetworkInterface' : `ELB app/alb-${rng.hex(6)}/${rng.hex(16)}`;
      addEni(vpc.id, rng.pick(privateSubnets), kind, description, sg());
    }
  }

  function generateVolumes(): void {
    // Root and data volumes of the unit's instances, plus strays.
    for (const instanceId of instanceIds) {
      const count = rng.chance(0.3) ? 2 : 1;
      for (let v = 0; v < count; v++) unit.volumes.push(volume(instanceId));
    }
    const strays = p.active ? rng.int(0, 4) : rng.chance(0.1) ? 1 : 0;
    for (let v = 0; v < strays; v++) if (bad() || rng.chance(0.3)) unit.volumes.push(volume(null));
  }

  function volume(instanceId: string | null): SynthVolume {
    const type = rng.pick(['gp3', 'gp3', 'gp2', 'io1', 'st1'] as const);
    return {
      id: id('vol'),
      az: rng.pick(azs),
      sizeGb: type === 'st1' ? rng.int(125, 2000) : rng.pick([8, 20, 30, 50, 100, 200, 500]),
      type,
      iops: type === 'io1' ? rng.pick([1000, 3000, 6000]) : type === 'gp3' ? 3000 : null,
      encrypted: !bad(),
      createdAt: daysAgo(1000),
      instanceId,
      tags: rng.chance(0.7) ? [{ key: 'team', value: rng.pick(['payments', 'search', 'platform', 'data']) }] : [],
    };
  }

  function generateDatabases(): void {
    const instances = rng.int(0, 4);
    for (let i = 0; i < instances; i++) {
      const az = rng.pick(azs);
      const multiAz = !bad() && rng.chance(0.8);
      const db: SynthDbInstance = {
        id: `db-${rng.pick(['orders', 'users', 'events', 'billing'])}-${rng.hex(6)}`,
        engine: rng.pick(['postgres', 'mysql', 'mariadb']),
        instanceClass: rng.pick(['db.t4g.medium', 'db.r6g.large', 'db.m6g.xlarge']),
        multiAz,
        az,
        secondaryAz: multiAz ? azs.find((z) => z !== az)! : null,
        clusterId: null,
        readReplicaSource: null,
        storageEncrypted: !bad(),
        publiclyAccessible: bad(),
        createdAt: daysAgo(1500),
      };
      unit.dbInstances.push(db);
      if (rng.chance(0.2)) {
        unit.dbInstances.push({ ...db, id: `${db.id}-replica`, multiAz: false, secondaryAz: null, az: rng.pick(azs), readReplicaSource: db.id });
      }
    }
    if (rng.chance(0.4)) {
      const clusterId = `aurora-${rng.hex(8)}`;
      const size = bad() ? 1 : rng.int(2, 3);
      const members = Array.from({ length: size }, (_, m) => ({ id: `${clusterId}-${m}`, writer: m === 0 }));
      const cluster: SynthDbCluster = {
        id: clusterId,
        engine: rng.pick(['aurora-postgresql', 'aurora-mysql']),
        multiAz: size > 1,
        members,
        azs: azs.slice(0, size),
      };
      unit.dbClusters.push(cluster);
      members.forEach((m, i) =>
        unit.dbInstances.push({
          id: m.id,
          engine: cluster.engine,
          instanceClass: 'db.r6g.large',
          multiAz: false,
          az: azs[i % azs.length]!,
          secondaryAz: null,
          clusterId,
          readReplicaSource: null,
          storageEncrypted: true,
          publiclyAccessible: false,
          createdAt: daysAgo(800),
        }),
      );
    }
  }

  function generateAlarms(): void {
    const count = rng.int(0, 25);
    for (let a = 0; a < count; a++) {
      const noAction = bad();
      const alarm: SynthAlarm = {
        name: `${rng.pick(['cpu-high', 'disk-full', '5xx-rate', 'latency-p99', 'queue-depth'])}-${rng.hex(6)}`,
        actionsEnabled: !(noAction && rng.chance(0.5)),
        alarmActions: noAction ? [] : [`arn:aws:sns:${p.region}:${p.accountId}:oncall`],
        okActions: [],
        state: rng.pick(['OK', 'OK', 'OK', 'ALARM', 'INSUFFICIENT_DATA']),
        metricName: rng.pick(['CPUUtilization', 'FreeStorageSpace', 'HTTPCode_Target_5XX_Count', 'ApproximateNumberOfMessagesVisible']),
        namespace: rng.pick(['AWS/EC2', 'AWS/RDS', 'AWS/ApplicationELB', 'AWS/SQS']),
        composite: rng.chance(0.05),
        updatedAt: daysAgo(400),
      };
      unit.alarms.push(alarm);
    }
  }

  // Addresses draw from their own stream, so adding them left every other generated resource as it was.
  function generateAddresses(): void {
    const eips = Rng.of(p.seed, p.accountId, p.region, 'addresses');
    for (const nat of unit.natGateways) {
      if (nat.state !== 'available') continue;
      unit.addresses.push({ allocationId: `eipalloc-${nat.id.slice(4)}`, publicIp: nat.publicIp, eniId: nat.eniId, privateIp: nat.privateIp });
    }
    // Planted: an address kept after its instance went away.
    if (eips.chance(p.problemRate)) {
      unit.addresses.push({ allocationId: `eipalloc-${eips.hex(17)}`, publicIp: `52.${eips.int(0, 255)}.${eips.int(0, 255)}.${eips.int(1, 254)}`, eniId: null, privateIp: null });
    }
  }

  // ---- waste checks: EC2/EBS
  // Instances, snapshots and AMIs draw from their own stream, so every resource generated before stays as it was.
  function generateWasteEc2(): void {
    const w = Rng.of(p.seed, p.accountId, p.region, 'waste-ec2');
    const wid = (prefix: string) => `${prefix}-${w.hex(17)}`;
    const ago = (minDays: number, maxDays: number) => new Date(p.now.getTime() - w.int(minDays, maxDays) * DAY_MS - w.int(0, 86_399) * 1000);
    const gmt = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} GMT`;
    for (const eni of unit.networkInterfaces) {
      if (eni.kind !== 'instance' || !eni.instanceId) continue;
      // Planted: an instance stopped long ago (its volumes and addresses still bill); a few stopped recently.
      const stoppedLong = w.chance(p.problemRate);
      const stoppedRecently = !stoppedLong && w.chance(0.05);
      const launchedAt = ago(40, 900);
      const stoppedAt = stoppedLong ? ago(31, 400) : stoppedRecently ? ago(1, 20) : null;
      unit.instances.push({
        id: eni.instanceId,
        type: w.pick(['t3.micro', 't3.large', 'm6i.large', 'c6i.xlarge', 'r6g.large']),
        state: stoppedAt ? 'stopped' : 'running',
        launchedAt: stoppedAt && stoppedAt < launchedAt ? new Date(stoppedAt.getTime() - DAY_MS) : launchedAt,
        transitionReason: stoppedAt ? `User initiated (${gmt(stoppedAt)})` : '',
        eniId: eni.id,
        subnetId: eni.subnetId,
        vpcId: eni.vpcId,
        privateIp: eni.privateIp,
      });
      // Planted: an Elastic IP still associated with a stopped instance (billed like an idle one).
      if (stoppedAt && w.chance(0.5)) {
        unit.addresses.push({
          allocationId: wid('eipalloc'),
          publicIp: `54.${w.int(0, 255)}.${w.int(0, 255)}.${w.int(1, 254)}`,
          eniId: eni.id,
          privateIp: eni.privateIp,
          instanceId: eni.instanceId,
        });
      }
    }
    // Snapshots of live volumes (recent and kept), and planted orphans: old snapshots of volumes deleted since.
    for (const volume of unit.volumes) {
      if (!w.chance(0.3)) continue;
      unit.snapshots.push({ id: wid('snap'), volumeId: volume.id, sizeGb: volume.sizeGb, startedAt: ago(1, 400), description: `backup of ${volume.id}`, tier: 'standard' });
    }
    const orphans = p.active ? w.int(0, 3) : w.chance(p.problemRate) ? 1 : 0;
    const imageSnapshots: string[] = [];
    for (let i = 0; i < orphans; i++) {
      const snap = {
        id: wid('snap'),
        volumeId: wid('vol'),
        sizeGb: w.pick([8, 30, 100, 500]),
        startedAt: ago(10, 1200),
        description: w.chance(0.5) ? 'Created by CreateImage' : 'manual backup',
        tier: w.chance(0.1) ? ('archive' as const) : ('standard' as const),
      };
      unit.snapshots.push(snap);
      if (snap.description.startsWith('Created by CreateImage')) imageSnapshots.push(snap.id);
    }
    // The account's AMIs keep their snapshots in use, whatever their source volume.
    if (imageSnapshots.length > 0) {
      const image: SynthImage = { id: wid('ami'), name: `golden-${w.hex(6)}`, createdAt: ago(30, 1200), snapshotIds: imageSnapshots };
      unit.images.push(image);
    }
  }

  function generateRecorders(): void {
    if (bad()) return; // Planted: AWS Config not set up in this region.
    const recording = !bad();
    unit.recorders.push({ name: 'default', recording, allSupported: rng.chance(0.9), lastStatus: recording ? 'SUCCESS' : 'PENDING' });
  }
}
