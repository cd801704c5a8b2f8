// Money: rounding and formatting of the estimates checks report.

/** Hours in a month as AWS's price pages count them (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** Bytes in a GB as AWS bills data processing and storage (binary gigabyte). */
export const BYTES_PER_GB = 1024 ** 3;

export { formatUsd, roundToCents as usd } from '../../domain/index.js';
