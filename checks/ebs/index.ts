// The ebs checks, in report order.
import { ebsEncryptionByDefault } from './ebs-encryption-by-default.js';
import { ebsVolumeUnattached } from './ebs-volume-unattached.js';
import { ebsVolumeGp2 } from './ebs-volume-gp2.js';
import { ebsSnapshotOrphaned } from './ebs-snapshot-orphaned.js';

export const ebsChecks = [
  ebsEncryptionByDefault,
  ebsVolumeUnattached,
  ebsVolumeGp2,
  ebsSnapshotOrphaned,
] as const;
