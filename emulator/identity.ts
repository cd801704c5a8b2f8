// The identity the benchmark and the demo scan with: a role name that exists in every synthetic
// member account, and fake base credentials (the synthetic AWS reads only the access key id).
export const BENCH_ROLE = 'OrgScanReadOnly';
export const BENCH_CREDENTIALS = { accessKeyId: 'AKIASYNTHETICBENCH00', secretAccessKey: 'synthetic-not-a-secret' };
