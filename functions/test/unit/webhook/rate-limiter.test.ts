import { clientIp, RateLimiter } from "../../../src/webhook/rate-limiter";

const WINDOW_MS = 60_000;

/** Calls `take` `count` times at `nowMs` and returns every result. */
function takeMany(
  limiter: RateLimiter,
  key: string,
  nowMs: number,
  count: number,
): number[] {
  return Array.from({ length: count }, () => limiter.take(key, nowMs));
}

/** Number of keys the limiter tracks, read from its private map. */
function trackedKeys(limiter: RateLimiter): number {
  return limiter["windows"].size;
}

describe("RateLimiter", () => {
  test("allows limit requests per window", () => {
    const limiter = new RateLimiter(3, WINDOW_MS);

    expect(takeMany(limiter, "a", 0, 3)).toEqual([0, 0, 0]);
  });

  test("rejects request over limit", () => {
    const limiter = new RateLimiter(3, WINDOW_MS);
    takeMany(limiter, "a", 0, 3);

    expect(limiter.take("a", 0)).toBe(60);
  });

  test("keeps rejecting until window ends", () => {
    const limiter = new RateLimiter(1, WINDOW_MS);
    limiter.take("a", 0);

    expect(takeMany(limiter, "a", 1_000, 3)).toEqual([59, 59, 59]);
  });

  test.each([
    [30_000, 30],
    [30_001, 30],
    [59_000, 1],
    [59_500, 1],
    [59_999, 1],
  ])("Retry-After at %p ms is %p s", (nowMs, seconds) => {
    const limiter = new RateLimiter(1, WINDOW_MS);
    limiter.take("a", 0);

    expect(limiter.take("a", nowMs)).toBe(seconds);
  });

  test("Retry-After is at least one second", () => {
    const limiter = new RateLimiter(1, 200);
    limiter.take("a", 0);

    expect(limiter.take("a", 199)).toBe(1);
  });

  test("opens new window after windowMs", () => {
    const limiter = new RateLimiter(1, WINDOW_MS);
    limiter.take("a", 0);
    limiter.take("a", 1_000);

    expect(limiter.take("a", WINDOW_MS)).toBe(0);
  });

  test("new window starts at its request", () => {
    const limiter = new RateLimiter(1, WINDOW_MS);
    limiter.take("a", 0);
    limiter.take("a", 90_000);

    expect(limiter.take("a", 100_000)).toBe(50);
  });

  test("new window allows full limit", () => {
    const limiter = new RateLimiter(2, WINDOW_MS);
    takeMany(limiter, "a", 0, 3);

    expect(takeMany(limiter, "a", WINDOW_MS, 3)).toEqual([0, 0, 60]);
  });

  test("rejected requests do not extend window", () => {
    const limiter = new RateLimiter(1, WINDOW_MS);
    limiter.take("a", 0);
    limiter.take("a", 59_000);

    expect(limiter.take("a", WINDOW_MS)).toBe(0);
  });

  test("keys have independent windows", () => {
    const limiter = new RateLimiter(1, WINDOW_MS);
    limiter.take("a", 0);

    expect(limiter.take("b", 0)).toBe(0);
  });

  test("other key leaves limit intact", () => {
    const limiter = new RateLimiter(1, WINDOW_MS);
    limiter.take("a", 0);
    limiter.take("b", 0);

    expect(limiter.take("a", 0)).toBeGreaterThan(0);
  });

  test("defaults to one-minute window", () => {
    const limiter = new RateLimiter(1);
    limiter.take("a", 0);

    expect(limiter.take("a", 0)).toBe(60);
  });

  describe("maxKeys pruning", () => {
    test("bounds tracked keys at maxKeys", () => {
      const limiter = new RateLimiter(5, WINDOW_MS, 100);
      for (let i = 0; i < 1_000; i += 1) limiter.take(`key-${i}`, i);

      expect(trackedKeys(limiter)).toBeLessThanOrEqual(100);
    });

    test("keeps running window over ended", () => {
      const limiter = new RateLimiter(1, WINDOW_MS, 2);
      limiter.take("ended", 0);
      limiter.take("running", 30_000);
      limiter.take("new", 61_000);

      expect(limiter.take("running", 62_000)).toBeGreaterThan(0);
    });

    test("drops every ended window", () => {
      const limiter = new RateLimiter(1, WINDOW_MS, 3);
      limiter.take("ended-1", 0);
      limiter.take("ended-2", 1_000);
      limiter.take("running", 30_000);
      limiter.take("new", 62_000);

      expect(trackedKeys(limiter)).toBe(2);
    });

    test("evicts oldest running window", () => {
      const limiter = new RateLimiter(1, WINDOW_MS, 2);
      limiter.take("oldest", 0);
      limiter.take("newer", 1_000);
      limiter.take("newest", 2_000);

      expect(limiter.take("oldest", 3_000)).toBe(0);
    });

    test("keeps newer running window", () => {
      const limiter = new RateLimiter(1, WINDOW_MS, 2);
      limiter.take("oldest", 0);
      limiter.take("newer", 1_000);
      limiter.take("newest", 2_000);

      expect(limiter.take("newer", 3_000)).toBeGreaterThan(0);
    });

    test("known key skips pruning", () => {
      const limiter = new RateLimiter(1, WINDOW_MS, 2);
      limiter.take("a", 0);
      limiter.take("b", 1_000);
      limiter.take("a", 2_000);

      expect(limiter.take("b", 3_000)).toBeGreaterThan(0);
    });
  });
});

describe("clientIp", () => {
  test("uses single forwarded entry", () => {
    expect(clientIp("203.0.113.7", "10.0.0.1")).toBe("203.0.113.7");
  });

  test("uses last forwarded entry", () => {
    expect(clientIp("198.51.100.1, 203.0.113.7", "10.0.0.1")).toBe(
      "203.0.113.7",
    );
  });

  test("forged first entry cannot dodge limit", () => {
    const limiter = new RateLimiter(1, WINDOW_MS);
    limiter.take(clientIp("1.1.1.1, 203.0.113.7", undefined), 0);
    const forgedKey = clientIp("2.2.2.2, 203.0.113.7", undefined);

    expect(limiter.take(forgedKey, 0)).toBeGreaterThan(0);
  });

  test("trims whitespace around entries", () => {
    expect(clientIp("  198.51.100.1 ,\t203.0.113.7  ", undefined)).toBe(
      "203.0.113.7",
    );
  });

  test("skips empty trailing entries", () => {
    expect(clientIp("203.0.113.7, ,", undefined)).toBe("203.0.113.7");
  });

  test("uses last entry of array header", () => {
    expect(clientIp(["198.51.100.1", "203.0.113.7"], undefined)).toBe(
      "203.0.113.7",
    );
  });

  test("splits entries inside array items", () => {
    expect(clientIp(["198.51.100.1, 192.0.2.5", "203.0.113.7 "], undefined)).toBe(
      "203.0.113.7",
    );
  });

  test("keeps IPv6 entry whole", () => {
    expect(clientIp("198.51.100.1, 2001:db8::1", undefined)).toBe("2001:db8::1");
  });

  test.each([
    ["missing header", undefined],
    ["empty header", ""],
    ["blank header", "  , "],
    ["empty array", []],
  ])("falls back to socket on %s", (_case, header) => {
    expect(clientIp(header, "10.0.0.1")).toBe("10.0.0.1");
  });

  test("falls back to unknown", () => {
    expect(clientIp(undefined, undefined)).toBe("unknown");
  });
});
