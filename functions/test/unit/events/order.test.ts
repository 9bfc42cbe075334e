import { orderData, orderEvent, toOrderUpdate } from "../../../src/events/order";
import {
  exampleData,
  ORDER_UPDATED_EXAMPLE,
} from "../fixtures/guide-examples";

describe("toOrderUpdate", () => {
  describe("guide example", () => {
    const update = toOrderUpdate(
      orderData.parse(exampleData(ORDER_UPDATED_EXAMPLE)),
    );

    test("writes orders collection", () => {
      expect(update.collection).toBe("orders");
    });

    test("prefixes document id with alleaves", () => {
      expect(update.docId).toBe("alleaves_67890");
    });

    test("maps every field to contract", () => {
      expect(update.fields).toEqual({
        externalId: "67890",
        customerId: "alleaves_12345",
        status: "completed",
        totalCents: 12550,
        items: [
          {
            itemId: "111",
            name: "Blue Dream 3.5g",
            quantity: 1,
            priceCents: 4500,
          },
        ],
      });
    });
  });

  test("links customer document id", () => {
    const update = toOrderUpdate({ id_order: "1", id_customer: "42" });

    expect(update.fields.customerId).toBe("alleaves_42");
  });

  test("omits customer when absent", () => {
    const update = toOrderUpdate({ id_order: "1", status: "open" });

    expect(update.fields).not.toHaveProperty("customerId");
  });

  test("stores order without customer", () => {
    const update = toOrderUpdate({ id_order: "1", status: "open" });

    expect(update.fields).toEqual({ externalId: "1", status: "open" });
  });

  test("keeps explicit null customer", () => {
    const update = toOrderUpdate({ id_order: "1", id_customer: null });

    expect(update.fields).toHaveProperty("customerId", null);
  });

  test("omits absent fields entirely", () => {
    const update = toOrderUpdate({ id_order: "1" });

    expect(Object.keys(update.fields)).toEqual(["externalId"]);
  });

  test.each([
    ["status", "status"],
    ["total", "totalCents"],
  ])("keeps explicit null %s", (payloadField, documentField) => {
    const update = toOrderUpdate({ id_order: "1", [payloadField]: null });

    expect(update.fields).toHaveProperty(documentField, null);
  });

  // An explicit null clears a stored field, as it does for every other order
  // and customer field.
  test("keeps explicit null items", () => {
    const update = toOrderUpdate({ id_order: "1", items: null });

    expect(update.fields).toHaveProperty("items", null);
  });

  test("keeps empty items list", () => {
    const update = toOrderUpdate({ id_order: "1", items: [] });

    expect(update.fields.items).toEqual([]);
  });

  test("keeps zero total", () => {
    const update = toOrderUpdate(orderData.parse({ id_order: 1, total: 0 }));

    expect(update.fields.totalCents).toBe(0);
  });

  test("maps each item in order", () => {
    const data = orderData.parse({
      id_order: 1,
      items: [
        { id_item: 2, name: "Pre-roll", quantity: 3, price: "12.00" },
        { id_item: "3", name: "Gummies", quantity: 0.5, price: 0.29 },
      ],
    });

    expect(toOrderUpdate(data).fields.items).toEqual([
      { itemId: "2", name: "Pre-roll", quantity: 3, priceCents: 1200 },
      { itemId: "3", name: "Gummies", quantity: 0.5, priceCents: 29 },
    ]);
  });

  test("drops unknown item fields", () => {
    const data = orderData.parse({
      id_order: 1,
      items: [{ id_item: 2, name: "A", quantity: 1, price: 1, sku: "X" }],
    });

    expect(toOrderUpdate(data).fields.items).toEqual([
      { itemId: "2", name: "A", quantity: 1, priceCents: 100 },
    ]);
  });
});

describe("orderData", () => {
  test.each([
    ["negative quantity", { id_item: 1, name: "A", quantity: -1, price: 1 }],
    ["missing name", { id_item: 1, quantity: 1, price: 1 }],
    ["missing price", { id_item: 1, name: "A", quantity: 1 }],
    ["text quantity", { id_item: 1, name: "A", quantity: "1", price: 1 }],
  ])("rejects item with %s", (_case, item) => {
    const result = orderData.safeParse({ id_order: 1, items: [item] });

    expect(result.success).toBe(false);
  });

  test("rejects missing id_order", () => {
    expect(orderData.safeParse({ id_customer: 1 }).success).toBe(false);
  });
});

describe("orderEvent", () => {
  test("invalidates orders, customers, dashboard", () => {
    expect([...orderEvent.invalidates].sort()).toEqual([
      "customers",
      "dashboard",
      "orders",
    ]);
  });

  test("uses toOrderUpdate", () => {
    expect(orderEvent.toUpdate).toBe(toOrderUpdate);
  });
});
