// AWS-style token buckets: each bucket holds `burst` tokens and refills at `rate` per second;
// a call takes a token or is throttled. Buckets also count the calls they admitted, which gives
// the throttling lower bound of a workload: a bucket that admitted n calls needed (n − burst) / rate seconds.
import type { RateLimit } from './service.js';

interface Bucket {
  tokens: number;
  last: number;
  admitted: number;
  rate: number;
  burst: number;
}

export interface BucketBound {
  key: string;
  admitted: number;
  rate: number;
  burst: number;
  /** Seconds this bucket's admitted calls needed at least. */
  seconds: number;
}

/** Takes between sweeps for buckets that are full again (and so equal to a new one). */
const SWEEP_EVERY = 4096;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  /** Bounds of swept buckets that needed throttling: a scan's memory stays flat however many accounts it visits. */
  private readonly retired: BucketBound[] = [];
  private takes = 0;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Takes a token from the bucket `key` (created full on first use); false when the call must be throttled. */
  take(key: string, limit: RateLimit): boolean {
    const now = this.clock();
    if (++this.takes % SWEEP_EVERY === 0) this.sweep(now);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.burst, last: now, admitted: 0, rate: limit.rate, burst: limit.burst };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((now - bucket.last) / 1000) * bucket.rate);
      bucket.last = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    bucket.admitted += 1;
    return true;
  }

  /**
   * Drops the buckets that have refilled: a full bucket behaves as a new one. One that admitted more
   * than its burst keeps its bound; a key used again starts a new count, so the bound can only be lower.
   */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.last) / 1000) * b.rate < b.burst) continue;
      if (b.admitted > b.burst) this.retired.push(boundOf(key, b));
      this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  /** The bucket that needed the longest, and the admitted counts of every bucket over its burst. */
  bounds(): BucketBound[] {
    const out: BucketBound[] = [...this.retired];
    for (const [key, b] of this.buckets) {
      if (b.admitted > b.burst) out.push(boundOf(key, b));
    }
    return out.sort((a, b) => b.seconds - a.seconds);
  }
}

function boundOf(key: string, b: Bucket): BucketBound {
  return { key, admitted: b.admitted, rate: b.rate, burst: b.burst, seconds: (b.admitted - b.burst) / b.rate };
}
