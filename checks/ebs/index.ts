// The ebs checks, in report order.
import { ebsEncryptionByDefault } from './ebs-encryption-by-default.js';
import { ebsVolumeUnattached } from './ebs-volume-unattached.js';

export const ebsChecks = [
  ebsEncryptionByDefault,
  ebsVolumeUnattached,
] as const;
