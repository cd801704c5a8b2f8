// The eks checks, in report order.
import { eksClusterExtendedSupport } from './eks-cluster-extended-support.js';

export const eksChecks = [eksClusterExtendedSupport] as const;
