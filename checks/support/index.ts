// The helpers every check shares: time, money, ARNs, tags, AWS error codes, bounded fan-out, policies.
export * from './time.js';
export * from './money.js';
export * from './arns.js';
export * from './tags.js';
export * from './aws-errors.js';
export * from './concurrency.js';
export * from './text.js';
export * from './results.js';
export * from './s3-buckets.js';
export * from './policy-document.js';
export * from './ebs-cost.js';
