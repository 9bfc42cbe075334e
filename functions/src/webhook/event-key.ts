import { createHash } from "node:crypto";

/** Header that carries the sender's delivery id, when it sends one. */
// NOTE: Alleaves publishes no webhook reference, so this header name is an
// assumption. Without the header the key falls back to the body hash.
export const DELIVERY_ID_HEADER = "x-alleaves-delivery-id";

/** Delivery ids that stay valid Firestore document ids behind the prefix. */
const DELIVERY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Returns the idempotency key of a webhook: `delivery_<id>` when the request
 * carries a valid delivery id, else `sha256_<hex of the raw body>`. A retry of
 * the same delivery has the same key either way.
 */
export function eventKey(rawBody: Buffer, deliveryId: string | undefined): string {
  if (deliveryId !== undefined && DELIVERY_ID_PATTERN.test(deliveryId)) {
    return `delivery_${deliveryId}`;
  }
  return `sha256_${createHash("sha256").update(rawBody).digest("hex")}`;
}
