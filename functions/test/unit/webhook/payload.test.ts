import { findEventDefinition } from "../../../src/events/registry";
import {
  InvalidPayloadError,
  parseWebhook,
  type ParsedWebhook,
} from "../../../src/webhook/payload";
import {
  CUSTOMER_CREATED_EXAMPLE,
  ORDER_UPDATED_EXAMPLE,
} from "../fixtures/guide-examples";

function parse(body: string | object): ParsedWebhook {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return parseWebhook(Buffer.from(text, "utf8"));
}

/** Returns the error that parsing `body` throws, or fails the test. */
function parseError(body: string | object): Error {
  try {
    parse(body);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected parseWebhook to throw for ${String(body)}`);
}

/** Returns the `data` of a supported webhook, or fails the test. */
function supportedData(body: string | object): Record<string, unknown> {
  const parsed = parse(body);
  if (parsed.kind !== "supported") {
    throw new Error(`expected a supported webhook, got kind ${parsed.kind}`);
  }
  return parsed.data as Record<string, unknown>;
}

describe("parseWebhook", () => {
  describe("invalid bodies", () => {
    test.each([
      ["empty body", ""],
      ["truncated object", '{"event":"customer.created"'],
      ["plain text", "hello"],
    ])("rejects invalid JSON: %s", (_case, body) => {
      expect(() => parse(body)).toThrow(InvalidPayloadError);
    });

    test("reports invalid JSON position", () => {
      expect(parseError("{").message).toMatch(/^body is not valid JSON/);
    });

    test("invalid JSON message omits body text", () => {
      const message = parseError('{"email": jane.doe@example.com}').message;

      expect(message).not.toContain("jane");
    });

    test.each([
      ["year 0", "0000-01-01T00:00:00Z"],
      ["before 2000", "1999-12-31T23:59:59Z"],
      ["far future", "9999-12-31T23:59:59Z"],
    ])("rejects timestamp %s", (_case, timestamp) => {
      const body = JSON.stringify({ event: "customer.created", timestamp, data: { id_customer: 1 } });

      expect(parseError(body).message).toContain('"timestamp"');
    });

    test("sets InvalidPayloadError name", () => {
      expect(parseError("{").name).toBe("InvalidPayloadError");
    });

    test.each([
      ["JSON null", "null", "(root)"],
      ["JSON array", "[]", "(root)"],
      ["JSON string", '"customer.created"', "(root)"],
      ["missing event", { data: { id_customer: 1 } }, "event"],
      ["empty event", { event: "", data: {} }, "event"],
      ["numeric event", { event: 5, data: {} }, "event"],
      ["missing data", { event: "customer.created" }, "data"],
      ["data null", { event: "customer.created", data: null }, "data"],
      ["data string", { event: "customer.created", data: "x" }, "data"],
      ["data array", { event: "customer.created", data: [1, 2] }, "data"],
      [
        "bad timestamp",
        { event: "customer.created", timestamp: "yesterday", data: {} },
        "timestamp",
      ],
      [
        "timestamp without offset",
        {
          event: "customer.created",
          timestamp: "2026-02-02T12:00:00",
          data: {},
        },
        "timestamp",
      ],
    ])("rejects envelope with %s", (_case, body, path) => {
      const error = parseError(body);

      expect(error).toBeInstanceOf(InvalidPayloadError);
      expect(error.message).toContain(`invalid field "${path}": `);
    });

    test("rejects unknown event without data", () => {
      expect(parseError({ event: "invoice.paid" }).message).toMatch(
        /^invalid field "data": /,
      );
    });
  });

  describe("test pings", () => {
    test.each(["test", "ping", "webhook.test", "test.webhook"])(
      "returns kind test for %s",
      (event) => {
        expect(parse({ event })).toEqual({ kind: "test", eventType: event });
      },
    );

    test("test ping ignores malformed data", () => {
      expect(parse({ event: "test", data: "not an object" }).kind).toBe("test");
    });
  });

  describe("unknown event types", () => {
    const body = {
      event: "invoice.paid",
      timestamp: "2026-02-02T12:00:00Z",
      data: { id_invoice: "abc" },
    };

    test("returns kind unknown", () => {
      expect(parse(body)).toEqual({
        kind: "unknown",
        eventType: "invoice.paid",
        timestamp: "2026-02-02T12:00:00Z",
      });
    });

    test("uses injected definition lookup", () => {
      const findNothing = () => undefined;
      const body = Buffer.from(CUSTOMER_CREATED_EXAMPLE);

      const parsed = parseWebhook(body, findNothing);

      expect(parsed.kind).toBe("unknown");
    });

    test.each(["__proto__", "constructor", "toString"])(
      "treats %s as unknown event",
      (event) => {
        expect(parse({ event, data: {} }).kind).toBe("unknown");
      },
    );
  });

  describe("customer.created guide example", () => {
    const parsed = parse(CUSTOMER_CREATED_EXAMPLE);

    test("returns kind supported", () => {
      expect(parsed.kind).toBe("supported");
    });

    test("keeps event type and timestamp", () => {
      expect(parsed).toMatchObject({
        eventType: "customer.created",
        timestamp: "2026-02-02T12:00:00Z",
      });
    });

    test("attaches registry definition", () => {
      expect(parsed).toMatchObject({
        definition: findEventDefinition("customer.created"),
      });
    });

    test("converts numeric id to string", () => {
      expect(supportedData(CUSTOMER_CREATED_EXAMPLE).id_customer).toBe("12345");
    });

    test("keeps remaining customer fields", () => {
      expect(supportedData(CUSTOMER_CREATED_EXAMPLE)).toEqual({
        id_customer: "12345",
        email: "customer@example.com",
        name_first: "John",
        name_last: "Doe",
        phone: "+15551234567",
        date_of_birth: "1990-01-01",
        equity_status: false,
      });
    });
  });

  describe("data validation", () => {
    test("accepts numeric string id", () => {
      const data = supportedData({
        event: "customer.updated",
        data: { id_customer: "12345" },
      });

      expect(data.id_customer).toBe("12345");
    });

    test("accepts missing timestamp", () => {
      const parsed = parse({ event: "customer.updated", data: { id_customer: 1 } });

      expect(parsed).toMatchObject({ kind: "supported", timestamp: undefined });
    });

    test("accepts timestamp with offset", () => {
      const timestamp = "2026-02-02T07:00:00-05:00";
      const parsed = parse({
        event: "customer.updated",
        timestamp,
        data: { id_customer: 1 },
      });

      expect(parsed).toMatchObject({ timestamp });
    });

    test.each([
      ["letters", "12ab"],
      ["negative number text", "-5"],
      ["decimal text", "1.5"],
      ["empty string", ""],
      ["negative number", -1],
      ["fraction", 1.5],
      ["boolean", true],
    ])("rejects id_customer as %s", (_case, id) => {
      const error = parseError({
        event: "customer.created",
        data: { id_customer: id },
      });

      expect(error).toBeInstanceOf(InvalidPayloadError);
      expect(error.message).toMatch(/^invalid field "data\.id_customer": /);
    });

    test("rejects missing id_customer", () => {
      const error = parseError({
        event: "customer.created",
        data: { email: "a@example.com" },
      });

      expect(error.message).toMatch(/^invalid field "data\.id_customer": /);
    });

    test("names nested item field path", () => {
      const error = parseError({
        event: "order.created",
        data: {
          id_order: 1,
          items: [{ id_item: 1, name: "A", quantity: 1, price: "free" }],
        },
      });

      expect(error.message).toMatch(/^invalid field "data\.items\.0\.price": /);
    });

    test("keeps unknown extra data fields", () => {
      const data = supportedData({
        event: "customer.updated",
        data: { id_customer: 1, loyalty_points: 40, tags: ["vip"] },
      });

      expect(data).toMatchObject({ loyalty_points: 40, tags: ["vip"] });
    });

    test("keeps explicit null fields", () => {
      const data = supportedData({
        event: "customer.updated",
        data: { id_customer: 1, phone: null },
      });

      expect(data).toHaveProperty("phone", null);
    });
  });

  describe("order.updated guide example", () => {
    const data = supportedData(ORDER_UPDATED_EXAMPLE);

    test("converts total to cents", () => {
      expect(data.total).toBe(12550);
    });

    test("converts item price to cents", () => {
      expect(data.items).toEqual([
        { id_item: "111", name: "Blue Dream 3.5g", quantity: 1, price: 4500 },
      ]);
    });

    test("converts order ids to strings", () => {
      expect(data).toMatchObject({ id_order: "67890", id_customer: "12345" });
    });

    test("keeps order status", () => {
      expect(data.status).toBe("completed");
    });
  });
});
