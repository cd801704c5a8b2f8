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

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Takes a token from the bucket `key` (created full on first use); false when the call must be throttled. */
  take(key: string, limit: RateLimit): boolean {
    const now = this.clock();
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

  get size(): number {
    return this.buckets.size;
  }

  /** The bucket that needed the longest, and the admitted counts of every bucket over its burst. */
  bounds(): BucketBound[] {
    const out: BucketBound[] = [];
    for (const [key, b] of this.buckets) {
      if (b.admitted > b.burst) out.push({ key, admitted: b.admitted, rate: b.rate, burst: b.burst, seconds: (b.admitted - b.burst) / b.rate });
    }
    return out.sort((a, b) => b.seconds - a.seconds);
  }
}
