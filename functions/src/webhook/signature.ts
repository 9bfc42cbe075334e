import { createHmac, timingSafeEqual } from "node:crypto";

/** Header that carries the HMAC-SHA256 of the raw request body. */
export const SIGNATURE_HEADER = "x-alleaves-signature";

const SIGNATURE_PREFIX = "sha256=";
const SHA256_HEX_LENGTH = 64;
const HEX_PATTERN = /^[0-9a-f]+$/;

/**
 * Returns the header value to send with `rawBody`: `sha256=` and the
 * lower-case hex HMAC-SHA256 of the exact bytes under `secret`.
 */
export function signBody(rawBody: Buffer | string, secret: string): string {
  const digest = createHmac("sha256", secret).update(rawBody).digest("hex");
  return `${SIGNATURE_PREFIX}${digest}`;
}

/**
 * Checks `header` against the HMAC-SHA256 of `rawBody` under each secret.
 *
 * The header is `sha256=<hex>` or bare hex, in any case. The signature covers
 * the bytes as received, never a re-serialisation of the parsed JSON, whose
 * whitespace and key order may differ. A malformed header returns false
 * rather than throwing. Comparison is constant-time per secret. An HMAC does
 * not stop replays: the worker's event ledger does.
 */
export function verifySignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  const provided = parseSignatureHeader(header);
  if (!provided) return false;

  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    // Every secret is checked, so timing does not reveal which one matched.
    if (timingSafeEqual(expected, provided)) matched = true;
  }
  return matched;
}

/** Returns the 32 signature bytes of a header, or undefined when malformed. */
function parseSignatureHeader(header: string | undefined): Buffer | undefined {
  if (!header) return undefined;

  let hex = header.trim().toLowerCase();
  if (hex.startsWith(SIGNATURE_PREFIX)) hex = hex.slice(SIGNATURE_PREFIX.length);

  // The length check comes first because timingSafeEqual throws on buffers of
  // different lengths, which would turn a bad header into a 500.
  if (hex.length !== SHA256_HEX_LENGTH || !HEX_PATTERN.test(hex)) {
    return undefined;
  }
  return Buffer.from(hex, "hex");
}
