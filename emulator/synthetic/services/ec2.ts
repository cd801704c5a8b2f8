// EC2 (EC2 query protocol): regions, networking, volumes, EBS default encryption.
import { DEFAULT_REGIONS, OPT_IN_REGIONS } from '../model/organization.js';
import type { SynthEni, SynthImage, SynthInstance, SynthRouteTable, SynthSnapshot, SynthVolume, Tag } from '../model/types.js';
import { intParam, paginate, type PageLimits } from '../paging.js';
import type { CallContext, RateLimit, Reply, SyntheticService } from '../service.js';
import type { SynthRequest } from '../request.js';
import { form, formAction } from '../wire/input.js';
import { el, list, wrap } from '../wire/xml.js';

const tagSet = (tags: readonly Tag[]) => (tags.length ? list('tagSet', 'item', tags, (t) => el('key', t.key) + el('value', t.value)) : '');

/** EC2 returns everything when MaxResults is absent; with it, pages within the API's bounds. */
function paged<T>(request: SynthRequest, ctx: CallContext, kind: string, items: readonly T[], min: number, max: number) {
  const params = form(request);
  const limits: PageLimits = { default: Number.POSITIVE_INFINITY, min, max, sizeName: 'MaxResults' };
  return paginate(items, intParam(params.get('MaxResults'), 'MaxResults'), params.get('NextToken'), `${kind}:${ctx.accountId}:${ctx.region}`, limits);
}

const withToken = (body: string, next: string | null) => body + el('nextToken', next);

function volumeXml(v: SynthVolume): string {
  const state = v.instanceId ? 'in-use' : 'available';
  return (
    el('volumeId', v.id) +
    el('size', v.sizeGb) +
    el('snapshotId', '') +
    el('availabilityZone', v.az) +
    el('status', state) +
    el('createTime', v.createdAt) +
    (v.instanceId
      ? list('attachmentSet', 'item', [v], (a) =>
          el('volumeId', a.id) +
            el('instanceId', a.instanceId) +
            el('device', '/dev/xvda') +
            el('status', 'attached') +
            el('attachTime', a.createdAt) +
            el('deleteOnTermination', true),
        )
      : '<attachmentSet/>') +
    tagSet(v.tags) +
    el('volumeType', v.type) +
    el('iops', v.iops) +
    el('encrypted', v.encrypted) +
    (v.type === 'gp3' ? el('throughput', 125) : '') +
    el('multiAttachEnabled', false)
  );
}

const INTERFACE_TYPES: Record<SynthEni['kind'], { type: string; requester: string | null }> = {
  instance: { type: 'interface', requester: null },
  nat_gateway: { type: 'nat_gateway', requester: 'AIDAIAQ7XPHQNATGWAY' },
  vpc_endpoint: { type: 'vpc_endpoint', requester: 'AROAJVPCENDPOINTSVC' },
  lambda: { type: 'lambda', requester: 'AROAJLAMBDAVPC:lambda' },
  rds: { type: 'interface', requester: 'amazon-rds' },
  load_balancer: { type: 'interface', requester: 'amazon-elb' },
};

function eniXml(e: SynthEni, accountId: string): string {
  const t = INTERFACE_TYPES[e.kind];
  return (
    el('networkInterfaceId', e.id) +
    el('subnetId', e.subnetId) +
    el('vpcId', e.vpcId) +
    el('availabilityZone', e.az) +
    el('description', e.description) +
    el('ownerId', accountId) +
    el('requesterId', t.requester) +
    el('requesterManaged', t.requester !== null) +
    el('status', 'in-use') +
    el('privateIpAddress', e.privateIp) +
    el('sourceDestCheck', true) +
    el('interfaceType', t.type) +
    list('groupSet', 'item', e.securityGroupIds, (g) => el('groupId', g) + el('groupName', g === e.securityGroupIds[0] ? 'app' : 'default')) +
    wrap(
      'attachment',
      el('attachmentId', `eni-attach-${e.id.slice(4)}`) +
        el('instanceId', e.instanceId) +
        el('instanceOwnerId', e.instanceId ? accountId : 'amazon-aws') +
        el('deviceIndex', e.instanceId ? 0 : 1) +
        el('status', 'attached') +
        el('deleteOnTermination', e.instanceId !== null),
    ) +
    list('privateIpAddressesSet', 'item', [e], (x) => el('privateIpAddress', x.privateIp) + el('primary', true))
  );
}

function routeTableXml(t: SynthRouteTable, accountId: string): string {
  const associations = [
    ...(t.main ? [{ id: `rtbassoc-${t.id.slice(4)}`, main: true, subnetId: null as string | null }] : []),
    ...t.subnetIds.map((s, i) => ({ id: `rtbassoc-${t.id.slice(4, 14)}${String(i).padStart(7, '0')}`, main: false, subnetId: s as string | null })),
  ];
  return (
    el('routeTableId', t.id) +
    el('vpcId', t.vpcId) +
    el('ownerId', accountId) +
    list('routeSet', 'item', t.routes, (r) => {
      const dest = r.destination.startsWith('pl-') ? el('destinationPrefixListId', r.destination) : el('destinationCidrBlock', r.destination);
      const target = r.target.startsWith('nat-') ? el('natGatewayId', r.target) : el('gatewayId', r.target);
      const origin = r.target === 'local' ? 'CreateRouteTable' : 'CreateRoute';
      return dest + target + el('state', 'active') + el('origin', origin);
    }) +
    list('associationSet', 'item', associations, (a) =>
      el('routeTableAssociationId', a.id) + el('routeTableId', t.id) + el('main', a.main) + el('subnetId', a.subnetId) + wrap('associationState', el('state', 'associated')),
    ) +
    '<propagatingVgwSet/>'
  );
}

// ---- waste checks: EC2/EBS
function instanceXml(i: SynthInstance, volumes: readonly SynthVolume[]): string {
  const stopped = i.state === 'stopped';
  return (
    el('instanceId', i.id) +
    el('imageId', 'ami-0synthetic0000000') +
    wrap('instanceState', el('code', stopped ? 80 : 16) + el('name', i.state)) +
    el('privateIpAddress', i.privateIp) +
    el('reason', i.transitionReason) +
    el('instanceType', i.type) +
    el('launchTime', i.launchedAt) +
    wrap('placement', el('availabilityZone', volumes[0]?.az ?? null) + el('tenancy', 'default')) +
    el('subnetId', i.subnetId) +
    el('vpcId', i.vpcId) +
    (stopped ? wrap('stateReason', el('code', 'Client.UserInitiatedShutdown') + el('message', 'Client.UserInitiatedShutdown: User initiated shutdown')) : '') +
    el('rootDeviceType', 'ebs') +
    el('rootDeviceName', '/dev/xvda') +
    list('blockDeviceMapping', 'item', volumes.map((v, n) => ({ v, n })), ({ v, n }) =>
      el('deviceName', n === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode(102 + n)}`) +
        wrap('ebs', el('volumeId', v.id) + el('status', 'attached') + el('attachTime', v.createdAt) + el('deleteOnTermination', n === 0)),
    ) +
    list('networkInterfaceSet', 'item', [i], (x) =>
      el('networkInterfaceId', x.eniId) + el('subnetId', x.subnetId) + el('vpcId', x.vpcId) + el('status', 'in-use') + el('privateIpAddress', x.privateIp),
    )
  );
}

function snapshotXml(s: SynthSnapshot, accountId: string): string {
  return (
    el('snapshotId', s.id) +
    el('volumeId', s.volumeId) +
    el('status', 'completed') +
    el('startTime', s.startedAt) +
    el('progress', '100%') +
    el('ownerId', accountId) +
    el('volumeSize', s.sizeGb) +
    el('description', s.description) +
    el('encrypted', false) +
    el('storageTier', s.tier)
  );
}

function imageXml(image: SynthImage, accountId: string, snapshots: ReadonlyMap<string, SynthSnapshot>): string {
  return (
    el('imageId', image.id) +
    el('imageLocation', `${accountId}/${image.name}`) +
    el('imageState', 'available') +
    el('imageOwnerId', accountId) +
    el('creationDate', image.createdAt) +
    el('isPublic', false) +
    el('architecture', 'x86_64') +
    el('imageType', 'machine') +
    el('name', image.name) +
    el('rootDeviceType', 'ebs') +
    el('rootDeviceName', '/dev/xvda') +
    list('blockDeviceMapping', 'item', image.snapshotIds.map((id, n) => ({ id, n })), ({ id, n }) =>
      el('deviceName', n === 0 ? '/dev/xvda' : `/dev/sd${String.fromCharCode(102 + n)}`) +
        wrap('ebs', el('snapshotId', id) + el('volumeSize', snapshots.get(id)?.sizeGb ?? 8) + el('deleteOnTermination', true) + el('volumeType', 'gp3')),
    ) +
    el('virtualizationType', 'hvm')
  );
}

export function ec2Service(limit: RateLimit): SyntheticService {
  const describe = { name: 'ec2:describe', scope: 'unit' as const, ...limit };
  const ops: Record<string, (request: SynthRequest, ctx: CallContext) => Reply | string> = {
    DescribeRegions(request, ctx) {
      // The organization's R regions are the enabled ones; the rest are listed, as not opted in, only with AllRegions.
      const all = form(request).get('AllRegions') === 'true';
      const enabled = ctx.org.regions.map((name) => ({ name, status: 'opt-in-not-required' }));
      const others = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS].filter((name) => !ctx.org.regions.includes(name));
      const optIn = all ? others.map((name) => ({ name, status: 'not-opted-in' })) : [];
      return list('regionInfo', 'item', [...enabled, ...optIn], (r) => el('regionName', r.name) + el('regionEndpoint', `ec2.${r.name}.amazonaws.com`) + el('optInStatus', r.status));
    },
    DescribeVolumes(request, ctx) {
      const page = paged(request, ctx, 'volumes', ctx.org.regionalUnit(ctx.accountId, ctx.region).volumes, 5, 500);
      return withToken(list('volumeSet', 'item', page.items, volumeXml), page.next);
    },
    DescribeVpcs(request, ctx) {
      const page = paged(request, ctx, 'vpcs', ctx.org.regionalUnit(ctx.accountId, ctx.region).vpcs, 5, 1000);
      return withToken(
        list('vpcSet', 'item', page.items, (v) =>
          el('vpcId', v.id) +
            el('ownerId', ctx.accountId) +
            el('state', 'available') +
            el('cidrBlock', v.cidr) +
            list('cidrBlockAssociationSet', 'item', [v], (x) => el('associationId', `vpc-cidr-assoc-${x.id.slice(4)}`) + el('cidrBlock', x.cidr) + wrap('cidrBlockState', el('state', 'associated'))) +
            el('dhcpOptionsId', 'dopt-0synthetic') +
            tagSet(v.tags) +
            el('instanceTenancy', 'default') +
            el('isDefault', v.isDefault),
        ),
        page.next,
      );
    },
    DescribeNetworkInterfaces(request, ctx) {
      const page = paged(request, ctx, 'enis', ctx.org.regionalUnit(ctx.accountId, ctx.region).networkInterfaces, 5, 1000);
      return withToken(list('networkInterfaceSet', 'item', page.items, (e) => eniXml(e, ctx.accountId)), page.next);
    },
    DescribeNatGateways(request, ctx) {
      const page = paged(request, ctx, 'nats', ctx.org.regionalUnit(ctx.accountId, ctx.region).natGateways, 5, 1000);
      return withToken(
        list('natGatewaySet', 'item', page.items, (n) =>
          el('natGatewayId', n.id) +
            el('vpcId', n.vpcId) +
            el('subnetId', n.subnetId) +
            el('state', n.state) +
            el('connectivityType', 'public') +
            el('createTime', n.createdAt) +
            list('natGatewayAddressSet', 'item', [n], (a) =>
              el('allocationId', `eipalloc-${a.id.slice(4)}`) + el('networkInterfaceId', a.eniId) + el('privateIp', a.privateIp) + el('publicIp', a.publicIp) + el('isPrimary', true) + el('status', 'succeeded'),
            ),
        ),
        page.next,
      );
    },
    DescribeRouteTables(request, ctx) {
      const page = paged(request, ctx, 'rtbs', ctx.org.regionalUnit(ctx.accountId, ctx.region).routeTables, 5, 100);
      return withToken(list('routeTableSet', 'item', page.items, (t) => routeTableXml(t, ctx.accountId)), page.next);
    },
    DescribeVpcEndpoints(request, ctx) {
      const page = paged(request, ctx, 'vpces', ctx.org.regionalUnit(ctx.accountId, ctx.region).vpcEndpoints, 1, 1000);
      return withToken(
        list('vpcEndpointSet', 'item', page.items, (e) =>
          el('vpcEndpointId', e.id) +
            el('vpcEndpointType', e.type) +
            el('vpcId', e.vpcId) +
            el('serviceName', e.serviceName) +
            el('state', 'available') +
            el('policyDocument', JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] })) +
            list('routeTableIdSet', 'item', e.routeTableIds, (id) => id) +
            list('subnetIdSet', 'item', e.subnetIds, (id) => id) +
            el('privateDnsEnabled', e.type === 'Interface') +
            el('ownerId', ctx.accountId),
        ),
        page.next,
      );
    },
    DescribeSecurityGroups(request, ctx) {
      const page = paged(request, ctx, 'sgs', ctx.org.regionalUnit(ctx.accountId, ctx.region).securityGroups, 5, 1000);
      return withToken(
        list('securityGroupInfo', 'item', page.items, (g) =>
          el('ownerId', ctx.accountId) +
            el('groupId', g.id) +
            el('groupName', g.name) +
            el('groupDescription', g.name === 'default' ? 'default VPC security group' : `security group ${g.name}`) +
            el('vpcId', g.vpcId) +
            list('ipPermissions', 'item', g.openPorts, (port) =>
              el('ipProtocol', 'tcp') + el('fromPort', port) + el('toPort', port) + list('ipRanges', 'item', ['0.0.0.0/0'], (c) => el('cidrIp', c)),
            ) +
            list('ipPermissionsEgress', 'item', [g], () => el('ipProtocol', '-1') + list('ipRanges', 'item', ['0.0.0.0/0'], (c) => el('cidrIp', c))),
        ),
        page.next,
      );
    },
    DescribeAddresses(_request, ctx) {
      // Not paginated: every address of the region in one answer.
      return list('addressesSet', 'item', ctx.org.regionalUnit(ctx.accountId, ctx.region).addresses, (a) =>
        el('publicIp', a.publicIp) +
          el('allocationId', a.allocationId) +
          el('domain', 'vpc') +
          (a.eniId ? el('associationId', `eipassoc-${a.allocationId.slice(9)}`) + el('instanceId', a.instanceId ?? null) + el('networkInterfaceId', a.eniId) + el('networkInterfaceOwnerId', ctx.accountId) + el('privateIpAddress', a.privateIp) : '') +
          el('publicIpv4Pool', 'amazon') +
          el('networkBorderGroup', ctx.region),
      );
    },
    // ---- waste checks: EC2/EBS
    DescribeInstances(request, ctx) {
      const unit = ctx.org.regionalUnit(ctx.accountId, ctx.region);
      const page = paged(request, ctx, 'instances', unit.instances, 5, 1000);
      // One reservation per instance, as RunInstances of one instance makes.
      return withToken(
        list('reservationSet', 'item', page.items, (i) =>
          el('reservationId', `r-${i.id.slice(2)}`) +
            el('ownerId', ctx.accountId) +
            list('instancesSet', 'item', [i], (x) => instanceXml(x, unit.volumes.filter((v) => v.instanceId === x.id))),
        ),
        page.next,
      );
    },
    DescribeSnapshots(request, ctx) {
      const page = paged(request, ctx, 'snapshots', ctx.org.regionalUnit(ctx.accountId, ctx.region).snapshots, 5, 1000);
      return withToken(list('snapshotSet', 'item', page.items, (x) => snapshotXml(x, ctx.accountId)), page.next);
    },
    DescribeImages(request, ctx) {
      const unit = ctx.org.regionalUnit(ctx.accountId, ctx.region);
      const byId = new Map(unit.snapshots.map((x) => [x.id, x]));
      const page = paged(request, ctx, 'images', unit.images, 1, 1000);
      return withToken(list('imagesSet', 'item', page.items, (x) => imageXml(x, ctx.accountId, byId)), page.next);
    },
    GetEbsEncryptionByDefault(_request, ctx) {
      return el('ebsEncryptionByDefault', ctx.org.regionalUnit(ctx.accountId, ctx.region).ebsEncryptionByDefault) + el('sseType', 'sse-ebs');
    },
  };
  return {
    protocol: 'ec2',
    xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
    operation: formAction,
    throttle: () => describe,
    throttleError: { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' },
    operations: ops,
  };
}
