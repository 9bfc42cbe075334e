import { createHmac } from "node:crypto";

import { signBody, verifySignature } from "../../../src/webhook/signature";

const SECRET = "current-secret";
const PREVIOUS_SECRET = "previous-secret";
const BODY = Buffer.from('{"event":"customer.created","data":{"id_customer":1}}');

/** Lower-case hex HMAC-SHA256, computed here without the code under test. */
function hmacHex(body: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

describe("signBody", () => {
  test("prefixes sha256 to hex digest", () => {
    expect(signBody(BODY, SECRET)).toBe(`sha256=${hmacHex(BODY, SECRET)}`);
  });

  test("signs string and Buffer alike", () => {
    expect(signBody(BODY.toString("utf8"), SECRET)).toBe(signBody(BODY, SECRET));
  });

  test("signs non-ASCII body as UTF-8", () => {
    const text = '{"name":"José ☕"}';
    const utf8 = Buffer.from(text, "utf8");

    expect(signBody(text, SECRET)).toBe(`sha256=${hmacHex(utf8, SECRET)}`);
  });
});

describe("verifySignature", () => {
  const digest = hmacHex(BODY, SECRET);

  test("accepts sha256-prefixed header", () => {
    expect(verifySignature(BODY, `sha256=${digest}`, [SECRET])).toBe(true);
  });

  test("accepts bare hex header", () => {
    expect(verifySignature(BODY, digest, [SECRET])).toBe(true);
  });

  test("accepts upper-case hex digest", () => {
    expect(verifySignature(BODY, digest.toUpperCase(), [SECRET])).toBe(true);
  });

  test("accepts upper-case prefix", () => {
    expect(verifySignature(BODY, `SHA256=${digest}`, [SECRET])).toBe(true);
  });

  test("accepts header with surrounding whitespace", () => {
    expect(verifySignature(BODY, `  sha256=${digest}\t`, [SECRET])).toBe(true);
  });

  test("accepts output of signBody", () => {
    expect(verifySignature(BODY, signBody(BODY, SECRET), [SECRET])).toBe(true);
  });

  test("rejects tampered body", () => {
    const tampered = Buffer.from(BODY.toString("utf8").replace("1", "2"));

    expect(verifySignature(tampered, `sha256=${digest}`, [SECRET])).toBe(false);
  });

  test("rejects wrong secret", () => {
    const header = `sha256=${hmacHex(BODY, "other-secret")}`;

    expect(verifySignature(BODY, header, [SECRET])).toBe(false);
  });

  test("rejects missing header", () => {
    expect(verifySignature(BODY, undefined, [SECRET])).toBe(false);
  });

  test("rejects digest with one bit flipped", () => {
    const lastNibble = parseInt(digest.slice(-1), 16) ^ 1;
    const flipped = digest.slice(0, -1) + lastNibble.toString(16);

    expect(verifySignature(BODY, flipped, [SECRET])).toBe(false);
  });

  test.each([
    ["empty header", ""],
    ["prefix alone", "sha256="],
    ["63 hex characters", digest.slice(0, 63)],
    ["65 hex characters", `${digest}0`],
    ["prefixed 63 characters", `sha256=${digest.slice(0, 63)}`],
    ["prefixed 65 characters", `sha256=${digest}0`],
    ["128 hex characters", digest + digest],
    ["non-hex characters", `${digest.slice(0, 62)}zz`],
    ["hex with inner space", `${digest.slice(0, 32)} ${digest.slice(33)}`],
    ["base64 digest", Buffer.from(digest, "hex").toString("base64")],
    ["other algorithm prefix", `sha1=${digest}`],
  ])("rejects malformed header: %s", (_case, header) => {
    expect(verifySignature(BODY, header, [SECRET])).toBe(false);
  });

  test.each([
    ["empty header", ""],
    ["prefix alone", "sha256="],
    ["63 hex characters", "a".repeat(63)],
    ["65 hex characters", "a".repeat(65)],
    ["non-hex characters", "g".repeat(64)],
  ])("never throws on malformed header: %s", (_case, header) => {
    expect(() => verifySignature(BODY, header, [SECRET])).not.toThrow();
  });

  test("accepts current of two secrets", () => {
    const header = `sha256=${hmacHex(BODY, SECRET)}`;

    expect(verifySignature(BODY, header, [SECRET, PREVIOUS_SECRET])).toBe(true);
  });

  test("accepts previous of two secrets", () => {
    const header = `sha256=${hmacHex(BODY, PREVIOUS_SECRET)}`;

    expect(verifySignature(BODY, header, [SECRET, PREVIOUS_SECRET])).toBe(true);
  });

  test("rejects secret outside rotated pair", () => {
    const header = `sha256=${hmacHex(BODY, "retired-secret")}`;

    expect(verifySignature(BODY, header, [SECRET, PREVIOUS_SECRET])).toBe(false);
  });

  test("rejects with empty secrets list", () => {
    expect(verifySignature(BODY, `sha256=${digest}`, [])).toBe(false);
  });

  test("verifies non-ASCII body bytes", () => {
    const body = Buffer.from('{"data":{"name_first":"José ☕"}}', "utf8");
    const header = `sha256=${hmacHex(body, SECRET)}`;

    expect(verifySignature(body, header, [SECRET])).toBe(true);
  });

  test("rejects Latin-1 signature of UTF-8 body", () => {
    const text = '{"data":{"name_first":"José"}}';
    const header = `sha256=${hmacHex(Buffer.from(text, "latin1"), SECRET)}`;

    expect(verifySignature(Buffer.from(text, "utf8"), header, [SECRET])).toBe(
      false,
    );
  });

  describe("raw body versus re-serialised JSON", () => {
    const raw = Buffer.from(
      '{\n  "event": "customer.updated",\n  "data": { "id_customer": 7 }\n}\n',
    );
    const reserialised = JSON.stringify(JSON.parse(raw.toString("utf8")));

    test("re-serialised JSON differs from raw", () => {
      expect(reserialised).not.toBe(raw.toString("utf8"));
    });

    test("accepts signature over raw bytes", () => {
      const header = `sha256=${hmacHex(raw, SECRET)}`;

      expect(verifySignature(raw, header, [SECRET])).toBe(true);
    });

    test("rejects signature over re-serialised JSON", () => {
      const header = `sha256=${hmacHex(reserialised, SECRET)}`;

      expect(verifySignature(raw, header, [SECRET])).toBe(false);
    });
  });
});
