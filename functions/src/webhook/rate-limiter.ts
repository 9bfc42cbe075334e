/**
 * Fixed-window request counter per key (client IP), held in one instance's
 * memory.
 *
 * The limit is per instance, not global. A shared counter would cost a
 * Firestore round trip on every request, and the receiver's max instance
 * count caps the total at limit times instances. That is enough to stop one
 * client from flooding the publisher; a global limit belongs in front of the
 * function (Cloud Armor), not in it.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /**
   * @param limit requests allowed per key in each window
   * @param windowMs length of a window in milliseconds
   * @param maxKeys keys tracked at once before windows that ended are dropped
   */
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /**
   * Counts one request for `key` at `nowMs`. Returns 0 when it is allowed,
   * else the whole seconds until the key's window ends, for `Retry-After`.
   */
  take(key: string, nowMs: number): number {
    let window = this.windows.get(key);
    if (!window || nowMs - window.start >= this.windowMs) {
      if (!window && this.windows.size >= this.maxKeys) this.prune(nowMs);
      window = { start: nowMs, count: 0 };
      this.windows.set(key, window);
    }

    if (window.count >= this.limit) {
      return Math.max(1, Math.ceil((window.start + this.windowMs - nowMs) / 1000));
    }
    window.count += 1;
    return 0;
  }

  /** Drops ended windows, and the oldest ones if all are still running. */
  private prune(nowMs: number): void {
    for (const [key, window] of this.windows) {
      if (nowMs - window.start >= this.windowMs) this.windows.delete(key);
    }
    const excess = this.windows.size - this.maxKeys + 1;
    if (excess <= 0) return;

    const oldestFirst = [...this.windows.entries()]
      .sort(([, a], [, b]) => a.start - b.start)
      .slice(0, excess);
    for (const [key] of oldestFirst) this.windows.delete(key);
  }
}

/**
 * Returns the client IP as Google's front end reports it: the last
 * X-Forwarded-For entry, which the front end appends. Earlier entries come
 * from the client and can be forged. Without the header (the local emulator),
 * the socket address is used.
 *
 * NOTE: behind an external HTTPS load balancer the last entry is the
 * balancer's own address and the client's is the one before it.
 */
export function clientIp(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
): string {
  const header = Array.isArray(forwardedFor)
    ? forwardedFor.join(",")
    : forwardedFor;
  const entries = (header ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);

  return entries.at(-1) ?? socketAddress ?? "unknown";
}
