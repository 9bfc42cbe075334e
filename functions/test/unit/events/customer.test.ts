import {
  customerData,
  customerDocId,
  customerEvent,
  toCustomerUpdate,
  withoutUndefined,
  type CustomerData,
} from "../../../src/events/customer";
import {
  CUSTOMER_CREATED_EXAMPLE,
  exampleData,
} from "../fixtures/guide-examples";

describe("toCustomerUpdate", () => {
  describe("guide example", () => {
    const update = toCustomerUpdate(
      customerData.parse(exampleData(CUSTOMER_CREATED_EXAMPLE)),
    );

    test("writes customers collection", () => {
      expect(update.collection).toBe("customers");
    });

    test("prefixes document id with alleaves", () => {
      expect(update.docId).toBe("alleaves_12345");
    });

    test("maps every field to contract", () => {
      expect(update.fields).toEqual({
        externalId: "12345",
        firstName: "John",
        lastName: "Doe",
        email: "customer@example.com",
        phone: "+15551234567",
        dateOfBirth: "1990-01-01",
        equityStatus: false,
      });
    });
  });

  test("omits absent fields entirely", () => {
    const update = toCustomerUpdate({ id_customer: "9", email: "a@example.com" });

    expect(Object.keys(update.fields).sort()).toEqual(["email", "externalId"]);
  });

  test("omits keys set to undefined", () => {
    const data: CustomerData = {
      id_customer: "9",
      name_first: undefined,
      phone: undefined,
    };

    expect(toCustomerUpdate(data).fields).toEqual({ externalId: "9" });
  });

  test.each([
    ["name_first", "firstName"],
    ["name_last", "lastName"],
    ["email", "email"],
    ["phone", "phone"],
    ["date_of_birth", "dateOfBirth"],
    ["equity_status", "equityStatus"],
  ])("keeps explicit null %s", (payloadField, documentField) => {
    const data = { id_customer: "9", [payloadField]: null } as CustomerData;

    expect(toCustomerUpdate(data).fields).toHaveProperty(documentField, null);
  });

  test("keeps equityStatus true", () => {
    const update = toCustomerUpdate({ id_customer: "9", equity_status: true });

    expect(update.fields.equityStatus).toBe(true);
  });

  test("drops unknown payload fields", () => {
    const data = customerData.parse({ id_customer: 9, loyalty_points: 40 });

    expect(toCustomerUpdate(data).fields).toEqual({ externalId: "9" });
  });
});

describe("customerDocId", () => {
  test("prefixes id with alleaves", () => {
    expect(customerDocId("12345")).toBe("alleaves_12345");
  });
});

describe("customerEvent", () => {
  test("invalidates customers and dashboard", () => {
    expect([...customerEvent.invalidates].sort()).toEqual([
      "customers",
      "dashboard",
    ]);
  });

  test("uses toCustomerUpdate", () => {
    expect(customerEvent.toUpdate).toBe(toCustomerUpdate);
  });
});

describe("withoutUndefined", () => {
  const result = withoutUndefined({ a: 1, b: undefined, c: null, d: false });

  test("drops undefined values", () => {
    expect(result).not.toHaveProperty("b");
  });

  test("keeps null, false and numbers", () => {
    expect(result).toEqual({ a: 1, c: null, d: false });
  });
});
