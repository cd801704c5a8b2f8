// HTTP delivery with retries: 429 and 5xx (and network failures) are retried with exponential backoff and
// jitter, honouring Retry-After (seconds or an HTTP date). Results and errors never contain the URL: for
// Slack and Teams the URL is the secret.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the delivery fails. */
  maxRetryAfterMs: number;
  /** Per-attempt time limit. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, timeoutMs: 10_000 };

export interface PostResult {
  ok: boolean;
  attempts: number;
  httpStatus: number | null;
  /** Secret-free reason when not ok. */
  error: string | null;
}

export interface PostOptions {
  fetch?: typeof fetch | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  now?: (() => number) | undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Milliseconds a Retry-After header asks for, or null when absent or unreadable. */
export function retryAfterMs(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

const retryable = (status: number) => status === 429 || status >= 500;

function networkReason(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return `network error${e?.cause?.code ? ` ${e.cause.code}` : ''}`;
}

export async function postWithRetry(url: string, body: string, headers: Record<string, string>, options: PostOptions = {}): Promise<PostResult> {
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  let httpStatus: number | null = null;
  let error: string | null = null;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    let wait: number | null = null;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      httpStatus = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, attempts: attempt, httpStatus, error: null };
      error = `HTTP ${res.status}`;
      if (!retryable(res.status)) return { ok: false, attempts: attempt, httpStatus, error };
      wait = retryAfterMs(res.headers.get('retry-after'), now());
      if (wait !== null && wait > policy.maxRetryAfterMs) {
        return { ok: false, attempts: attempt, httpStatus, error: `${error}: Retry-After ${Math.round(wait / 1000)} s is longer than ${policy.maxRetryAfterMs / 1000} s` };
      }
    } catch (err) {
      httpStatus = null;
      error = networkReason(err);
    }
    if (attempt === policy.maxAttempts) break;
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    await sleep(wait ?? backoff / 2 + Math.random() * (backoff / 2));
  }
  return { ok: false, attempts: policy.maxAttempts, httpStatus, error: `${error} after ${policy.maxAttempts} attempts` };
}
