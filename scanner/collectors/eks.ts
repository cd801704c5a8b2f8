import { DescribeClusterCommand, paginateDescribeClusterVersions, paginateListClusters } from '@aws-sdk/client-eks';
import type { EksCollectors } from '../../checks/types.js';
import { COLLECTORS } from '../../checks/catalog.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';

export function createEksCollectors(clients: UnitClients, memo: Memo): EksCollectors {
  return {
    clusters: () =>
      memo('eks:clusters', () =>
        collectPages(paginateListClusters({ client: clients.eks(), pageSize: COLLECTORS['eks.clusters'].paging.pageSize }, {}), (p) => p.clusters),
      ),
    cluster: (name: string) =>
      memo(`eks:cluster:${name}`, async () => {
        const out = await clients.eks().send(new DescribeClusterCommand({ name }));
        if (!out.cluster) throw new Error(`EKS DescribeCluster answered no cluster for ${name}`);
        return out.cluster;
      }),
    clusterVersions: () =>
      memo('eks:clusterVersions', () =>
        collectPages(
          // includeAll: every version EKS still describes, extended and unsupported ones included, not only the default listing.
          paginateDescribeClusterVersions(
            { client: clients.eks(), pageSize: COLLECTORS['eks.clusterVersions'].paging.pageSize },
            { includeAll: true },
          ),
          (p) => p.clusterVersions,
        ),
      ),
  };
}
