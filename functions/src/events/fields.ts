import { z } from "zod";

/**
 * Alleaves record id: a non-negative integer, sent as a number or a string of
 * at most 20 digits. Leading zeros are dropped, so "0960021" and 960021 name
 * the same record.
 */
export const externalId = z
  .union([
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    z.string().regex(/^\d{1,20}$/),
  ])
  .transform((value) => String(value).replace(/^0+(?=\d)/, ""));

/**
 * Amount of money in dollars, sent as a number or a numeric string, converted
 * to integer cents so that 125.50 is exactly 12550.
 */
export const moneyInCents = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)])
  .transform((value, context) => {
    const cents = toCents(value);
    if (cents === undefined) {
      context.addIssue({
        code: "custom",
        message: `amount ${value} is not a finite number of dollars`,
      });
      return z.NEVER;
    }
    return cents;
  });

/**
 * Converts dollars to integer cents, rounding half away from zero.
 * Multiplying the float by 100 directly can land just below the intended
 * value (1.005 * 100 is 100.49999...), so the product is first fixed to six
 * decimals, which is far finer than a cent and removes that float error.
 */
export function toCents(dollars: number | string): number | undefined {
  // Number("") and Number("  ") are 0, so blank strings are rejected first.
  if (typeof dollars === "string" && dollars.trim() === "") return undefined;
  const value = typeof dollars === "number" ? dollars : Number(dollars);
  if (!Number.isFinite(value)) return undefined;

  const cents = Number((value * 100).toFixed(6));
  // Adding 0 turns -0 into 0, which Firestore stores as an integer.
  const rounded = Math.sign(cents) * Math.round(Math.abs(cents)) + 0;
  return Number.isSafeInteger(rounded) ? rounded : undefined;
}

/** Optional text field that Alleaves may send as null to clear it. */
export const optionalText = z.string().nullish();
