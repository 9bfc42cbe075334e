/** Attempt count and delays of {@link retryDelayMs}. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt, doubled for each one after. */
  baseDelayMs: number;
  /** Upper bound of any delay, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/**
 * Returns how long to wait before attempt `attempt + 1`, given that attempt
 * `attempt` (counted from 1) failed. A Retry-After header wins when present;
 * otherwise the delay is exponential with full jitter (a random share of the
 * exponential delay), so many clients do not retry in step. Both are capped
 * at `maxDelayMs`.
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
  nowMs: number = Date.now(),
): number {
  const fromHeader = parseRetryAfterMs(retryAfter, nowMs);
  if (fromHeader !== undefined) return Math.min(fromHeader, policy.maxDelayMs);

  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.floor(random() * Math.min(exponential, policy.maxDelayMs));
}

/** Parses Retry-After as delay-seconds or an HTTP date, in milliseconds. */
export function parseRetryAfterMs(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (!value) return undefined;

  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;

  // HTTP dates end in GMT (RFC 9110). Checking that first keeps Date.parse
  // from reading values such as "1.5" or "-5" as dates in 2001.
  if (!/ GMT$/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
