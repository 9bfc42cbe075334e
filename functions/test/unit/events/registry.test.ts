import { customerEvent } from "../../../src/events/customer";
import { orderEvent } from "../../../src/events/order";
import {
  findEventDefinition,
  SUPPORTED_EVENT_TYPES,
} from "../../../src/events/registry";

describe("findEventDefinition", () => {
  test.each([
    ["customer.created", customerEvent],
    ["customer.updated", customerEvent],
    ["order.created", orderEvent],
    ["order.updated", orderEvent],
  ])("finds definition for %s", (eventType, definition) => {
    expect(findEventDefinition(eventType)).toBe(definition);
  });

  test.each([
    "invoice.paid",
    "customer.deleted",
    "Customer.Created",
    "customer.created ",
    "",
  ])("returns undefined for %p", (eventType) => {
    expect(findEventDefinition(eventType)).toBeUndefined();
  });

  test.each([
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "valueOf",
  ])("ignores prototype key %s", (eventType) => {
    expect(findEventDefinition(eventType)).toBeUndefined();
  });
});

describe("SUPPORTED_EVENT_TYPES", () => {
  test("lists the four event types", () => {
    expect([...SUPPORTED_EVENT_TYPES].sort()).toEqual([
      "customer.created",
      "customer.updated",
      "order.created",
      "order.updated",
    ]);
  });
});
