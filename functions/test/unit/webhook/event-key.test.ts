import { createHash } from "node:crypto";

import { eventKey } from "../../../src/webhook/event-key";

const BODY = Buffer.from('{"event":"order.updated","data":{"id_order":1}}');

describe("eventKey", () => {
  test("same body gives same key", () => {
    expect(eventKey(Buffer.from(BODY), undefined)).toBe(
      eventKey(BODY, undefined),
    );
  });

  test("different body gives different key", () => {
    const other = Buffer.from('{"event":"order.updated","data":{"id_order":2}}');

    expect(eventKey(other, undefined)).not.toBe(eventKey(BODY, undefined));
  });

  test("whitespace change gives different key", () => {
    const spaced = Buffer.from(BODY.toString("utf8").replace(":", ": "));

    expect(eventKey(spaced, undefined)).not.toBe(eventKey(BODY, undefined));
  });

  test("hashes raw body with SHA-256", () => {
    const hex = createHash("sha256").update(BODY).digest("hex");

    expect(eventKey(BODY, undefined)).toBe(`sha256_${hex}`);
  });

  test("uses valid delivery id", () => {
    expect(eventKey(BODY, "d41d8cd9-8f00-4b20-9800-998ecf8427e9")).toBe(
      "delivery_d41d8cd9-8f00-4b20-9800-998ecf8427e9",
    );
  });

  test("delivery id ignores body", () => {
    const other = Buffer.from("{}");

    expect(eventKey(other, "abc123")).toBe(eventKey(BODY, "abc123"));
  });

  test("accepts 128-character delivery id", () => {
    const id = "a".repeat(128);

    expect(eventKey(BODY, id)).toBe(`delivery_${id}`);
  });

  test("keeps underscores in delivery id", () => {
    expect(eventKey(BODY, "evt_1")).toBe("delivery_evt_1");
  });

  test("keeps dots and colons", () => {
    expect(eventKey(BODY, "evt.2026:1")).toBe("delivery_evt.2026:1");
  });

  // Firestore document ids may contain dots and colons. Mapping them to
  // underscores would make distinct deliveries share one ledger document.
  test.each([
    ["evt.1", "evt:1"],
    ["evt.1", "evt_1"],
    ["evt:1", "evt_1"],
  ])("keeps %p and %p distinct", (first, second) => {
    expect(eventKey(BODY, first)).not.toBe(eventKey(BODY, second));
  });

  test.each([
    ["contains slash", "abc/def"],
    ["is 129 characters", "a".repeat(129)],
    ["is 200 characters", "a".repeat(200)],
    ["is empty", ""],
    ["contains space", "abc def"],
    ["is non-ASCII", "évènement"],
    ["is path traversal", "../x"],
  ])("falls back when id %s", (_case, deliveryId) => {
    const hex = createHash("sha256").update(BODY).digest("hex");

    expect(eventKey(BODY, deliveryId)).toBe(`sha256_${hex}`);
  });
});
