import { customerEvent } from "../../src/events/customer";
import type { EventDefinition } from "../../src/events/event-definition";
import {
  handleWebhookEvent,
  type WebhookMessage,
  type WorkerDependencies,
} from "../../src/events/handle-webhook-event";
import { findEventDefinition } from "../../src/events/registry";
import { eventKey } from "../../src/webhook/event-key";
import { createOrg, db, FIRESTORE_IS_FALLBACK, sampleBody } from "./stack";

function message(orgId: string, body: string): WebhookMessage {
  const data = Buffer.from(body);
  const type = JSON.parse(body).event as string;
  return {
    data,
    attributes: {
      orgId,
      eventKey: eventKey(data, undefined),
      eventType: type,
      receivedAt: new Date().toISOString(),
    },
  };
}

/** Worker dependencies whose customer handler throws for the first `failures` calls. */
function failingDependencies(failures: number, maxAttempts: number): WorkerDependencies {
  let calls = 0;
  const flaky: EventDefinition<unknown> = {
    ...(customerEvent as EventDefinition<unknown>),
    toUpdate(data) {
      calls += 1;
      if (calls <= failures) throw new Error(`simulated outage ${calls}`);
      return (customerEvent as EventDefinition<unknown>).toUpdate(data);
    },
  };
  return {
    db,
    clock: () => new Date(),
    maxAttempts,
    findDefinition: (type) => (type === "customer.created" ? flaky : findEventDefinition(type)),
  };
}

const ledger = async (orgId: string, key: string) =>
  (await db().doc(`orgs/${orgId}/webhookEvents/${key}`).get()).data();

describe("handleWebhookEvent on the emulator stack", () => {
  test("second delivery is a duplicate", async () => {
    const orgId = await createOrg();
    const delivery = message(orgId, sampleBody("customer.created"));
    const deps = failingDependencies(0, 5);

    const first = await handleWebhookEvent(delivery, deps);
    const second = await handleWebhookEvent(delivery, deps);

    expect(first.outcome).toBe("processed");
    expect(second.outcome).toBe("duplicate");
    expect((await ledger(orgId, delivery.attributes.eventKey!))?.attempts).toBe(1);
  });

  test("same body, new delivery id is duplicate", async () => {
    const orgId = await createOrg();
    const first = message(orgId, sampleBody("customer.updated"));
    first.attributes.eventKey = "delivery_d-1";
    const replay = { ...first, attributes: { ...first.attributes, eventKey: "delivery_replay-1" } };
    const deps = failingDependencies(0, 5);

    await handleWebhookEvent(first, deps);
    const outcome = await handleWebhookEvent(replay, deps);

    expect(outcome.outcome).toBe("duplicate");
  });

  test("same body without delivery id is duplicate", async () => {
    const orgId = await createOrg();
    const withId = message(orgId, sampleBody("customer.updated"));
    const withoutId = message(orgId, sampleBody("customer.updated"));
    withId.attributes.eventKey = "delivery_d-2";
    const deps = failingDependencies(0, 5);

    await handleWebhookEvent(withId, deps);
    const outcome = await handleWebhookEvent(withoutId, deps);

    expect(outcome.outcome).toBe("duplicate");
  });

  test("same version and fields is unchanged", async () => {
    const orgId = await createOrg();
    const body = JSON.parse(sampleBody("customer.created"));
    const first = message(orgId, JSON.stringify(body));
    // Different bytes, same event: a different key, the same version and fields.
    const again = message(orgId, JSON.stringify(body, null, 2));
    const deps = failingDependencies(0, 5);

    await handleWebhookEvent(first, deps);
    const outcome = await handleWebhookEvent(again, deps);

    expect(outcome).toEqual({ outcome: "processed", result: "unchanged" });
  });

  test("same version, changed field is written", async () => {
    const orgId = await createOrg();
    const body = JSON.parse(sampleBody("customer.created"));
    const first = message(orgId, JSON.stringify(body));
    const changed = message(orgId, JSON.stringify({ ...body, data: { ...body.data, phone: "+15550000000" } }));
    const deps = failingDependencies(0, 5);

    await handleWebhookEvent(first, deps);
    const outcome = await handleWebhookEvent(changed, deps);

    expect(outcome).toEqual({ outcome: "processed", result: "written" });
    const customer = await db().doc(`orgs/${orgId}/customers/alleaves_12345`).get();
    expect(customer.get("phone")).toBe("+15550000000");
  });

  test("transient failure is retried then processed", async () => {
    const orgId = await createOrg();
    const delivery = message(orgId, sampleBody("customer.created"));
    const deps = failingDependencies(1, 5);

    await expect(handleWebhookEvent(delivery, deps)).rejects.toThrow("simulated outage 1");
    const retry = await handleWebhookEvent(delivery, deps);

    expect(retry.outcome).toBe("processed");
    const record = await ledger(orgId, delivery.attributes.eventKey!);
    expect(record?.status).toBe("processed");
    expect(record?.attempts).toBe(2);
  });

  test("persistent failure is dead-lettered after max attempts", async () => {
    const orgId = await createOrg();
    const delivery = message(orgId, sampleBody("customer.created"));
    const deps = failingDependencies(Infinity, 3);
    const key = delivery.attributes.eventKey!;

    await expect(handleWebhookEvent(delivery, deps)).rejects.toThrow();
    await expect(handleWebhookEvent(delivery, deps)).rejects.toThrow();
    const third = await handleWebhookEvent(delivery, deps);
    const fourth = await handleWebhookEvent(delivery, deps);

    expect(third.outcome).toBe("dead_lettered");
    expect(fourth.outcome).toBe("duplicate");
    const record = await ledger(orgId, key);
    expect(record?.status).toBe("failed");
    expect(record?.attempts).toBe(3);
    expect(record?.lastError).toBe("simulated outage 3");
    const deadLetter = (await db().doc(`orgs/${orgId}/deadLetters/${key}`).get()).data();
    expect(deadLetter?.rawBody).toBe(delivery.data.toString());
    expect(deadLetter?.error).toBe("simulated outage 3");
    const customer = await db().doc(`orgs/${orgId}/customers/alleaves_12345`).get();
    expect(customer.exists).toBe(false);
  });

  test("invalid body is dead-lettered at once", async () => {
    const orgId = await createOrg();
    const delivery = message(orgId, '{"event":"customer.created","data":{}}');

    const outcome = await handleWebhookEvent(delivery, failingDependencies(0, 5));

    expect(outcome.outcome).toBe("dead_lettered");
    const record = await ledger(orgId, delivery.attributes.eventKey!);
    expect(record?.attempts).toBe(1);
    expect(record?.lastError).toContain("data.id_customer");
  });

  test("message without attributes is dropped", async () => {
    const outcome = await handleWebhookEvent(
      { data: Buffer.from("{}"), attributes: {} },
      failingDependencies(0, 5),
    );

    expect(outcome.outcome).toBe("dropped");
  });

  test("invalid receivedAt is dropped", async () => {
    const orgId = await createOrg();
    const delivery = message(orgId, sampleBody("customer.created"));
    delivery.attributes.receivedAt = "yesterday";

    const outcome = await handleWebhookEvent(delivery, failingDependencies(0, 5));

    expect(outcome.outcome).toBe("dropped");
    expect((await ledger(orgId, delivery.attributes.eventKey!))).toBeUndefined();
  });

  test("timestamp missing uses receive time", async () => {
    const orgId = await createOrg();
    const body = JSON.stringify({ event: "customer.created", data: { id_customer: 7 } });
    const delivery = message(orgId, body);

    await handleWebhookEvent(delivery, failingDependencies(0, 5));

    const customer = (await db().doc(`orgs/${orgId}/customers/alleaves_7`).get()).data();
    expect(customer?.sourceUpdatedAt.toDate().toISOString()).toBe(delivery.attributes.receivedAt);
  });

  const isolationName = "concurrent out-of-order updates keep newest";
  (FIRESTORE_IS_FALLBACK ? test.skip : test)(
    FIRESTORE_IS_FALLBACK
      ? `${isolationName} [skipped: the Firestore fallback has no transaction isolation]`
      : isolationName,
    async () => {
      const orgId = await createOrg();
      const sample = JSON.parse(sampleBody("order.updated"));
      const minutes = [7, 3, 9, 1, 5, 8, 2, 6, 4, 0];
      const deliveries = minutes.map((minute) =>
        message(
          orgId,
          JSON.stringify({
            ...sample,
            timestamp: `2026-02-02T12:0${minute}:00Z`,
            data: { ...sample.data, status: `status-${minute}` },
          }),
        ),
      );

      await Promise.all(deliveries.map((delivery) => handleWebhookEvent(delivery, failingDependencies(0, 5))));

      const order = (await db().doc(`orgs/${orgId}/orders/alleaves_67890`).get()).data();
      expect(order?.status).toBe("status-9");
    },
  );
});
