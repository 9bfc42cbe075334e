import {
  externalId,
  moneyInCents,
  optionalText,
  toCents,
} from "../../../src/events/fields";

describe("toCents", () => {
  test.each([
    [125.5, 12550],
    [0.07, 7],
    [19.99, 1999],
    [45, 4500],
    [0, 0],
    [0.01, 1],
  ])("converts %p dollars exactly", (dollars, cents) => {
    expect(toCents(dollars)).toBe(cents);
  });

  test("0.29 avoids float truncation", () => {
    // 0.29 * 100 is 28.999999999999996 in binary floating point.
    expect(toCents(0.29)).toBe(29);
  });

  // 1.005 is stored as 1.00499999999999989..., and 1.005 * 100 evaluates to
  // 100.49999999999999. toCents fixes the product to six decimals first
  // (100.500000), so it rounds half away from zero to 101, not 100.
  test("rounds 1.005 up to 101", () => {
    expect(toCents(1.005)).toBe(101);
  });

  test("rounds half-cent away from zero", () => {
    expect(toCents(0.125)).toBe(13);
  });

  test("rounds below half-cent down", () => {
    expect(toCents(0.124)).toBe(12);
  });

  test.each([
    ["45.00", 4500],
    ["125.50", 12550],
    ["0.29", 29],
    ["7", 700],
    ["-3.25", -325],
  ])("converts string %p to cents", (dollars, cents) => {
    expect(toCents(dollars)).toBe(cents);
  });

  test.each([
    [-125.5, -12550],
    [-0.29, -29],
    [-1.005, -101],
    [-0.125, -13],
  ])("converts negative %p symmetrically", (dollars, cents) => {
    expect(toCents(dollars)).toBe(cents);
  });

  test.each([
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["non-numeric string", "abc"],
    ["string Infinity", "Infinity"],
  ])("returns undefined for %s", (_case, dollars) => {
    expect(toCents(dollars)).toBeUndefined();
  });

  test("returns undefined beyond safe integers", () => {
    expect(toCents(Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });

  test("converts every amount to $1000", () => {
    const mismatches: number[] = [];
    for (let cents = 0; cents <= 100_000; cents += 1) {
      if (toCents(cents / 100) !== cents) mismatches.push(cents);
    }

    expect(mismatches).toEqual([]);
  });

  // Number("") and Number("  ") are 0, so a blank string must not become an
  // amount of 0 cents.
  test.each([
    ["empty string", ""],
    ["blank string", "   "],
  ])("returns undefined for %s", (_case, dollars) => {
    expect(toCents(dollars)).toBeUndefined();
  });
});

describe("moneyInCents", () => {
  test.each([
    [125.5, 12550],
    ["45.00", 4500],
    ["-2.50", -250],
    [0, 0],
  ])("parses %p into cents", (input, cents) => {
    expect(moneyInCents.parse(input)).toBe(cents);
  });

  test.each([
    ["empty string", ""],
    ["currency symbol", "$45.00"],
    ["thousands separator", "1,000.00"],
    ["exponent", "1e3"],
    ["hex literal", "0x10"],
    ["trailing dot", "45."],
    ["boolean", true],
    ["null", null],
  ])("rejects %s", (_case, input) => {
    expect(moneyInCents.safeParse(input).success).toBe(false);
  });

  test("rejects amount beyond safe integers", () => {
    const result = moneyInCents.safeParse("99999999999999999999");

    expect(result.success).toBe(false);
  });

  test("names amount in overflow error", () => {
    const result = moneyInCents.safeParse("99999999999999999999");

    expect(result.error?.issues[0].message).toBe(
      "amount 99999999999999999999 is not a finite number of dollars",
    );
  });
});

describe("externalId", () => {
  test.each([
    [12345, "12345"],
    ["12345", "12345"],
    [0, "0"],
    ["007", "7"],
    ["0960021", "960021"],
    ["00", "0"],
  ])("parses %p to string", (input, id) => {
    expect(externalId.parse(input)).toBe(id);
  });

  test.each([
    ["negative number", -1],
    ["fraction", 1.5],
    ["letters", "12ab"],
    ["empty string", ""],
    ["padded string", " 12"],
    ["negative string", "-1"],
    ["null", null],
  ])("rejects %s", (_case, input) => {
    expect(externalId.safeParse(input).success).toBe(false);
  });
});

describe("optionalText", () => {
  test.each([
    ["text", "a"],
    ["null", null],
    ["undefined", undefined],
  ])("accepts %s", (_case, input) => {
    expect(optionalText.safeParse(input).success).toBe(true);
  });

  test("rejects number", () => {
    expect(optionalText.safeParse(5).success).toBe(false);
  });
});
