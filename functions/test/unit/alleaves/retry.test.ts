import {
  parseRetryAfterMs,
  retryDelayMs,
  type RetryPolicy,
} from "../../../src/alleaves/retry";

const POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};
const NOW_MS = Date.parse("2025-06-01T12:00:00Z");
/** A random value just below one, the top of Math.random's range. */
const ALMOST_ONE = 1 - Number.EPSILON;

/** Formats `ms` after NOW_MS as an HTTP date, as servers send it. */
function httpDateIn(ms: number): string {
  return new Date(NOW_MS + ms).toUTCString();
}

describe("parseRetryAfterMs", () => {
  test.each([
    ["0", 0],
    ["2", 2_000],
    ["120", 120_000],
    [" 3 ", 3_000],
  ])("reads %p as seconds", (header, expectedMs) => {
    expect(parseRetryAfterMs(header, NOW_MS)).toBe(expectedMs);
  });

  test("reads future HTTP date", () => {
    expect(parseRetryAfterMs(httpDateIn(5_000), NOW_MS)).toBe(5_000);
  });

  test("past HTTP date is zero", () => {
    expect(parseRetryAfterMs(httpDateIn(-60_000), NOW_MS)).toBe(0);
  });

  test.each([null, undefined, ""])(
    "absent header %p is undefined",
    (header) => {
      expect(parseRetryAfterMs(header, NOW_MS)).toBeUndefined();
    },
  );

  // RFC 9110 allows only delay-seconds (digits) or an HTTP date, so each of
  // these is invalid. Node 20's Date.parse reads "-5" and "1.5" as dates in
  // 2001, so parsing must not fall back to it for them.
  test.each(["soon", "12abc", "0x10", "1e3", "-5", "1.5"])(
    "ignores invalid header %p",
    (header) => {
      expect(parseRetryAfterMs(header, NOW_MS)).toBeUndefined();
    },
  );
});

describe("retryDelayMs with Retry-After", () => {
  test("waits header seconds", () => {
    expect(retryDelayMs(1, "2", POLICY, () => 0.5, NOW_MS)).toBe(2_000);
  });

  test("waits until header date", () => {
    const header = httpDateIn(7_000);

    expect(retryDelayMs(1, header, POLICY, () => 0.5, NOW_MS)).toBe(7_000);
  });

  test("past header date is zero", () => {
    const header = httpDateIn(-1_000);

    expect(retryDelayMs(3, header, POLICY, () => 0.5, NOW_MS)).toBe(0);
  });

  test("caps header seconds at maxDelayMs", () => {
    expect(retryDelayMs(1, "120", POLICY, () => 0.5, NOW_MS)).toBe(30_000);
  });

  test("caps header date at maxDelayMs", () => {
    const header = httpDateIn(90_000);

    expect(retryDelayMs(1, header, POLICY, () => 0.5, NOW_MS)).toBe(30_000);
  });

  test("header ignores random", () => {
    expect(retryDelayMs(1, "2", POLICY, () => 0, NOW_MS)).toBe(2_000);
  });
});

describe("retryDelayMs without Retry-After", () => {
  test.each([
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [4, 4_000],
  ])("attempt %p with random 0.5", (attempt, exponentialMs) => {
    const delay = retryDelayMs(attempt, null, POLICY, () => 0.5, NOW_MS);

    expect(delay).toBe(exponentialMs / 2);
  });

  test.each([1, 2, 3, 4, 10])("random 0 is zero at %p", (attempt) => {
    expect(retryDelayMs(attempt, null, POLICY, () => 0, NOW_MS)).toBe(0);
  });

  test.each([
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [6, 16_000],
  ])("near-one random at attempt %p", (attempt, exponentialMs) => {
    const delay = retryDelayMs(attempt, null, POLICY, () => ALMOST_ONE, NOW_MS);

    expect(delay).toBe(exponentialMs - 1);
  });

  test.each([7, 10, 30])("caps attempt %p at maxDelayMs", (attempt) => {
    const delay = retryDelayMs(attempt, null, POLICY, () => ALMOST_ONE, NOW_MS);

    expect(delay).toBe(POLICY.maxDelayMs - 1);
  });

  test("capped delay keeps jitter", () => {
    const delay = retryDelayMs(10, null, POLICY, () => 0.5, NOW_MS);

    expect(delay).toBe(POLICY.maxDelayMs / 2);
  });

  test.each(["soon", "-5", "1.5"])(
    "invalid header %p uses jitter",
    (header) => {
      expect(retryDelayMs(2, header, POLICY, () => 0.5, NOW_MS)).toBe(500);
    },
  );

  test("returns whole milliseconds", () => {
    const delay = retryDelayMs(1, null, POLICY, () => 0.3333, NOW_MS);

    expect(Number.isInteger(delay)).toBe(true);
  });
});
