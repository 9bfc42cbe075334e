import { signBody } from "../../src/webhook/signature";
import {
  createOrg,
  db,
  postWebhook,
  sampleBody,
  waitForDoc,
  waitForLedger,
  WEBHOOK_SECRET,
  type PostOptions,
} from "./stack";

/** Resolves after `ms`, for checks that something did NOT happen. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Paths written for an org, to show that a rejected request stored nothing. */
async function storedPaths(orgId: string): Promise<string[]> {
  const org = db().doc(`orgs/${orgId}`);
  const paths: string[] = [];
  for (const name of ["customers", "orders", "cache", "webhookEvents", "deadLetters"]) {
    const snapshot = await org.collection(name).get();
    paths.push(...snapshot.docs.map((doc) => doc.ref.path));
  }
  return paths;
}

/** Returns a copy of a sample with its timestamp and fields replaced. */
function variant(eventType: string, timestamp: string, data: Record<string, unknown>) {
  const sample = JSON.parse(sampleBody(eventType));
  return JSON.stringify({ ...sample, timestamp, data: { ...sample.data, ...data } });
}

describe("webhook pipeline end to end", () => {
  test("customer.created lands with its fields", async () => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, sampleBody("customer.created"));
    expect(response.status).toBe(200);
    expect(response.json.received).toBe(true);

    const customer = await waitForDoc(`orgs/${orgId}/customers/alleaves_12345`);
    expect(customer.externalId).toBe("12345");
    expect(customer.firstName).toBe("John");
    expect(customer.lastName).toBe("Doe");
    expect(customer.email).toBe("customer@example.com");
    expect(customer.phone).toBe("+15551234567");
    expect(customer.dateOfBirth).toBe("1990-01-01");
    expect(customer.equityStatus).toBe(false);
    expect(customer.source).toBe("alleaves");
    expect(customer.sourceUpdatedAt.toDate().toISOString()).toBe("2026-02-02T12:00:00.000Z");
    expect(customer.updatedAt.toDate().getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  test("customer.created invalidates its caches", async () => {
    const orgId = await createOrg();
    const startedAt = Date.now();

    const response = await postWebhook(orgId, sampleBody("customer.created"));
    expect(response.status).toBe(200);
    await waitForLedger(orgId, String(response.json.id));

    for (const scope of ["customers", "dashboard"]) {
      const cache = (await db().doc(`orgs/${orgId}/cache/${scope}`).get()).data();
      expect(cache?.key).toBe(`org_${orgId}:${scope}`);
      expect(cache?.stale).toBe(true);
      expect(cache?.invalidatedAt.toDate().getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    }
    const orders = await db().doc(`orgs/${orgId}/cache/orders`).get();
    expect(orders.exists).toBe(false);
  });

  test("order.updated lands in cents with caches", async () => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, sampleBody("order.updated"));
    expect(response.status).toBe(200);

    const order = await waitForDoc(`orgs/${orgId}/orders/alleaves_67890`);
    expect(order.externalId).toBe("67890");
    expect(order.customerId).toBe("alleaves_12345");
    expect(order.status).toBe("completed");
    expect(order.totalCents).toBe(12550);
    expect(order.items).toEqual([
      { itemId: "111", name: "Blue Dream 3.5g", quantity: 1, priceCents: 4500 },
    ]);
    expect(order.source).toBe("alleaves");

    await waitForLedger(orgId, String(response.json.id));
    for (const scope of ["orders", "customers", "dashboard"]) {
      const cache = (await db().doc(`orgs/${orgId}/cache/${scope}`).get()).data();
      expect(cache?.stale).toBe(true);
    }
  });

  test("order for unknown customer is stored", async () => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, sampleBody("order.created"));
    expect(response.status).toBe(200);

    const order = await waitForDoc(`orgs/${orgId}/orders/alleaves_67890`);
    expect(order.customerId).toBe("alleaves_12345");
    const customer = await db().doc(`orgs/${orgId}/customers/alleaves_12345`).get();
    expect(customer.exists).toBe(false);
  });

  test("update of unseen record creates it", async () => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, sampleBody("customer.updated"));
    expect(response.status).toBe(200);

    const customer = await waitForDoc(`orgs/${orgId}/customers/alleaves_12345`);
    expect(customer.email).toBe("john.doe@example.com");
    expect(customer.firstName).toBeUndefined();
  });

  test("tampered body gets 401", async () => {
    const orgId = await createOrg();
    const body = sampleBody("customer.created");
    const signature = signBody(body, WEBHOOK_SECRET);

    const response = await postWebhook(orgId, body.replace("John", "Jack"), { signature });

    expect(response.status).toBe(401);
    await pause(1000);
    expect(await storedPaths(orgId)).toEqual([]);
  });

  test.each([
    ["wrong secret", { secret: "not-the-secret" }],
    ["missing signature header", { signature: null }],
    ["malformed signature header", { signature: "sha256=abc" }],
  ])("%s gets 401", async (_case, options: PostOptions) => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, sampleBody("customer.created"), options);

    expect(response.status).toBe(401);
    await pause(1000);
    expect(await storedPaths(orgId)).toEqual([]);
  });

  test("same event twice is applied once", async () => {
    const orgId = await createOrg();
    const body = sampleBody("customer.created");

    const first = await postWebhook(orgId, body);
    const ledgerAfterFirst = await waitForLedger(orgId, String(first.json.id));
    const customerAfterFirst = await waitForDoc(`orgs/${orgId}/customers/alleaves_12345`);

    const second = await postWebhook(orgId, body);
    expect(second.status).toBe(200);
    expect(second.json.id).toBe(first.json.id);
    await pause(1500);

    const ledger = (await db().doc(`orgs/${orgId}/webhookEvents/${first.json.id}`).get()).data();
    expect(ledger?.attempts).toBe(1);
    expect(ledger?.handledAt.isEqual(ledgerAfterFirst.handledAt)).toBe(true);
    const customer = (await db().doc(`orgs/${orgId}/customers/alleaves_12345`).get()).data();
    expect(customer?.updatedAt.isEqual(customerAfterFirst.updatedAt)).toBe(true);
  });

  test("older order.updated does not win", async () => {
    const orgId = await createOrg();
    const newer = variant("order.updated", "2026-02-02T12:10:00Z", { status: "completed" });
    const older = variant("order.updated", "2026-02-02T12:01:00Z", { status: "ready", total: 99 });

    const newerResponse = await postWebhook(orgId, newer);
    await waitForLedger(orgId, String(newerResponse.json.id));
    const olderResponse = await postWebhook(orgId, older);
    const olderLedger = await waitForLedger(orgId, String(olderResponse.json.id));

    expect(olderLedger.result).toBe("stale");
    const order = (await db().doc(`orgs/${orgId}/orders/alleaves_67890`).get()).data();
    expect(order?.status).toBe("completed");
    expect(order?.totalCents).toBe(12550);
    expect(order?.sourceUpdatedAt.toDate().toISOString()).toBe("2026-02-02T12:10:00.000Z");
  });

  test("unknown event is acknowledged and ignored", async () => {
    const orgId = await createOrg();
    const body = JSON.stringify({ event: "inventory.updated", data: { id_item: 111 } });

    const response = await postWebhook(orgId, body);
    expect(response.status).toBe(200);

    const ledger = await waitForLedger(orgId, String(response.json.id));
    expect(ledger.status).toBe("ignored");
    expect(ledger.rawBody).toBe(body);
    expect(ledger.eventType).toBe("inventory.updated");
  });

  test("test ping is acknowledged, not processed", async () => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, '{"event":"test"}');
    expect(response.status).toBe(200);
    expect(response.json.test).toBe(true);
    await pause(1000);
    expect(await storedPaths(orgId)).toEqual([]);
  });

  test("invalid field is named in 400", async () => {
    const orgId = await createOrg();
    const body = variant("customer.created", "2026-02-02T12:00:00Z", { id_customer: "abc" });

    const response = await postWebhook(orgId, body);
    expect(response.status).toBe(400);
    expect(String(response.json.error)).toContain("data.id_customer");
  });

  test("invalid JSON gets 400", async () => {
    const orgId = await createOrg();

    // The Cloud Functions body parser rejects it before the handler runs,
    // with an HTML page, so only the status is checked here.
    const response = await fetch(`${process.env.FUNCTIONS_URL}/alleavesWebhook/${orgId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"event": "customer.created",',
    });

    expect(response.status).toBe(400);
    await pause(1000);
    expect(await storedPaths(orgId)).toEqual([]);
  });

  test("unknown org gets 404", async () => {
    const response = await postWebhook("no-such-org", sampleBody("customer.created"));
    expect(response.status).toBe(404);
    await pause(1000);
    expect(await storedPaths("no-such-org")).toEqual([]);
  });

  test("disabled org gets 404", async () => {
    const orgId = await createOrg(false);

    const response = await postWebhook(orgId, sampleBody("customer.created"));
    expect(response.status).toBe(404);
  });

  test("GET gets 405 with Allow", async () => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, "", { method: "GET" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  test("non-JSON content type gets 415", async () => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, sampleBody("customer.created"), {
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBe(415);
  });

  test("JSON with charset is accepted", async () => {
    const orgId = await createOrg();

    const response = await postWebhook(orgId, sampleBody("customer.created"), {
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(response.status).toBe(200);
  });

  test("body over 1 MiB gets 413", async () => {
    const orgId = await createOrg();
    const padding = "x".repeat(1024 * 1024);
    const body = JSON.stringify({ event: "customer.created", data: { id_customer: 1, note: padding } });

    const response = await postWebhook(orgId, body);
    expect(response.status).toBe(413);
  });

  test("health answers with version", async () => {
    const response = await fetch(`${process.env.FUNCTIONS_URL}/health`);
    const body = (await response.json()) as { status: string; version: string };

    expect(response.status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
