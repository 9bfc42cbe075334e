import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

import { AlleavesClient } from "../../src/alleaves/api-client";
import { acquireSyncLease } from "../../src/sync/lease";
import { syncOrg, type SyncDependencies } from "../../src/sync/sync-org";
import {
  createSimulatorOrg,
  db,
  FIRESTORE_IS_FALLBACK,
  simulator,
  waitFor,
} from "./stack";

interface SimCustomer {
  id_customer: number;
  email: string;
  name_first: string;
  name_last: string;
  phone: string;
  date_of_birth: string;
  equity_status: boolean;
  updated_at: string;
}

interface SimOrder {
  id_order: number;
  id_customer: number | null;
  status: string;
  total: number;
  items: { id_item: number; name: string; quantity: number; price: number }[];
  updated_at: string;
}

interface SimState {
  customers: SimCustomer[];
  orders: SimOrder[];
}

interface FlushResult {
  sent: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  eventKeys: string[];
}

const SIMULATOR_LOGIN = { username: "demo", password: "demo-password", pin: "1234" };

/** Sync dependencies on the emulator stack and the simulator, with fast retries. */
function syncDependencies(): SyncDependencies {
  return {
    db,
    clock: () => new Date(),
    credentials: (id) => (id === "demo" ? SIMULATOR_LOGIN : undefined),
    createReader: (baseUrl, credentials) =>
      new AlleavesClient({
        baseUrl,
        credentials,
        timeoutMs: 1000,
        retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
      }),
  };
}

/** Waits until every listed event reached a final status in the ledger. */
async function waitForEvents(orgId: string, eventKeys: string[]): Promise<void> {
  await waitFor(
    `${eventKeys.length} events of ${orgId} processed`,
    async () => {
      const ledger = await db().collection(`orgs/${orgId}/webhookEvents`).get();
      const done = ledger.docs.filter((doc) => ["processed", "failed", "ignored"].includes(doc.get("status")));
      return done.length >= eventKeys.length ? true : undefined;
    },
    120_000,
  );
}

/** Returns every difference between the simulator and the org's Firestore data. */
async function differences(orgId: string, state: SimState): Promise<string[]> {
  const found: string[] = [];

  const customers = await db().collection(`orgs/${orgId}/customers`).get();
  if (customers.size !== state.customers.length) {
    found.push(`customers: ${customers.size} in Firestore, ${state.customers.length} in the simulator`);
  }
  for (const expected of state.customers) {
    const doc = customers.docs.find((candidate) => candidate.id === `alleaves_${expected.id_customer}`);
    const actual = doc?.data();
    const want = {
      externalId: String(expected.id_customer),
      firstName: expected.name_first,
      lastName: expected.name_last,
      email: expected.email,
      phone: expected.phone,
      dateOfBirth: expected.date_of_birth,
      equityStatus: expected.equity_status,
      sourceUpdatedAt: expected.updated_at,
    };
    const got = actual && {
      externalId: actual.externalId,
      firstName: actual.firstName,
      lastName: actual.lastName,
      email: actual.email,
      phone: actual.phone,
      dateOfBirth: actual.dateOfBirth,
      equityStatus: actual.equityStatus,
      sourceUpdatedAt: actual.sourceUpdatedAt.toDate().toISOString(),
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      found.push(`customer ${expected.id_customer}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    }
  }

  const orders = await db().collection(`orgs/${orgId}/orders`).get();
  if (orders.size !== state.orders.length) {
    found.push(`orders: ${orders.size} in Firestore, ${state.orders.length} in the simulator`);
  }
  for (const expected of state.orders) {
    const actual = orders.docs.find((candidate) => candidate.id === `alleaves_${expected.id_order}`)?.data();
    const want = {
      customerId: expected.id_customer === null ? null : `alleaves_${expected.id_customer}`,
      status: expected.status,
      totalCents: Math.round(expected.total * 100),
      items: expected.items.map((item) => ({
        itemId: String(item.id_item),
        name: item.name,
        quantity: item.quantity,
        priceCents: Math.round(item.price * 100),
      })),
      sourceUpdatedAt: expected.updated_at,
    };
    const got = actual && {
      customerId: actual.customerId,
      status: actual.status,
      totalCents: actual.totalCents,
      items: actual.items,
      sourceUpdatedAt: actual.sourceUpdatedAt.toDate().toISOString(),
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      found.push(`order ${expected.id_order}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    }
  }
  return found;
}

async function integration(orgId: string) {
  return (await db().doc(`orgs/${orgId}/integrations/alleaves`).get()).data() ?? {};
}

describe("Alleaves sync on the emulator stack", () => {
  beforeEach(async () => {
    await simulator("DELETE", "/_sim/faults");
    await simulator("DELETE", "/_sim/webhooks");
  });

  test("lossy webhooks plus one sync converge", async () => {
    await simulator("POST", "/_sim/reset", { seed: 11 });
    const orgId = await createSimulatorOrg();

    await simulator("POST", "/_sim/random-changes", { count: 300 });
    const flush = await simulator<FlushResult>("POST", "/_sim/webhooks/flush", {
      orgId,
      drop: 0.2,
      duplicate: 0.1,
      reorder: 0.2,
      seed: 7,
    });
    expect(flush.dropped).toBeGreaterThan(0);
    expect(flush.duplicated).toBeGreaterThan(0);
    expect(flush.reordered).toBeGreaterThan(0);
    await waitForEvents(orgId, flush.eventKeys);

    const summary = await syncOrg(orgId, syncDependencies());
    const state = await simulator<SimState>("GET", "/_sim/state");

    expect(summary.status).toBe("succeeded");
    expect(await differences(orgId, state)).toEqual([]);
  }, 180_000);

  const raceName = "sync racing webhooks leaves nothing older";
  (FIRESTORE_IS_FALLBACK ? test.skip : test)(
    FIRESTORE_IS_FALLBACK
      ? `${raceName} [skipped: the Firestore fallback has no transaction isolation]`
      : raceName,
    async () => {
      await simulator("POST", "/_sim/reset", { seed: 12 });
      const orgId = await createSimulatorOrg();
      await syncOrg(orgId, syncDependencies());

      await simulator("POST", "/_sim/random-changes", { count: 200 });
      const [flush, summary] = await Promise.all([
        simulator<FlushResult>("POST", "/_sim/webhooks/flush", { orgId, reorder: 0.3, duplicate: 0.1, seed: 3 }),
        syncOrg(orgId, syncDependencies()),
      ]);
      await waitForEvents(orgId, flush.eventKeys);
      const state = await simulator<SimState>("GET", "/_sim/state");

      expect(summary.status).toBe("succeeded");
      expect(await differences(orgId, state)).toEqual([]);
    },
    180_000,
  );

  test("sim-only change arrives after trigger", async () => {
    const customer = await simulator<SimCustomer>("POST", "/_sim/customers", {
      name_first: "Trigger",
      name_last: "Only",
    });
    const path = `orgs/demo-org/customers/alleaves_${customer.id_customer}`;
    expect((await db().doc(path).get()).exists).toBe(false);

    const root = join(__dirname, "..", "..", "..");
    const { stdout } = await promisify(execFile)("node", [join(root, "tools", "trigger.mjs"), "scheduledSync"], {
      cwd: root,
    });

    expect(stdout).toMatch(/^200 /);
    const stored = (await db().doc(path).get()).data();
    expect(stored?.firstName).toBe("Trigger");
    expect(stored?.sourceUpdatedAt.toDate().toISOString()).toBe(customer.updated_at);
  }, 60_000);

  test("incremental run reads from cursor", async () => {
    const orgId = await createSimulatorOrg();
    const first = await syncOrg(orgId, syncDependencies());
    await simulator("POST", "/_sim/customers", { name_first: "Later" });

    const second = await syncOrg(orgId, syncDependencies());

    expect(first.since).toBeNull();
    expect(second.since).not.toBeNull();
    expect(second.customers.fetched).toBeLessThan(first.customers.fetched);
    expect(second.customers.written).toBeGreaterThanOrEqual(1);
  });

  test.each([
    ["401", "unauthorized", /401/],
    ["500", "server_error", /returned 500/],
    ["timeout", "timeout", /timed out/],
    ["malformed JSON", "malformed", /invalid JSON/],
  ])("Alleaves %s fails run, keeps cursor", async (_case, mode, reason) => {
    const orgId = await createSimulatorOrg();
    await syncOrg(orgId, syncDependencies());
    const before = await integration(orgId);
    await simulator("POST", "/_sim/customers", { name_first: "Missed" });

    await simulator("POST", "/_sim/faults", { mode });
    const summary = await syncOrg(orgId, syncDependencies());
    await simulator("DELETE", "/_sim/faults");
    const after = await integration(orgId);

    expect(summary.status).toBe("failed");
    expect(summary.error).toMatch(reason);
    expect(after.lastSyncStatus).toBe("failed");
    expect(after.lastError).toMatch(reason);
    expect(after.consecutiveSyncFailures).toBe(1);
    expect(after.syncCursor.isEqual(before.syncCursor)).toBe(true);
  }, 30_000);

  test("next run recovers after failure", async () => {
    const orgId = await createSimulatorOrg();
    await syncOrg(orgId, syncDependencies());
    const customer = await simulator<SimCustomer>("POST", "/_sim/customers", { name_first: "Recovered" });
    await simulator("POST", "/_sim/faults", { mode: "server_error" });
    await syncOrg(orgId, syncDependencies());
    await simulator("DELETE", "/_sim/faults");

    const summary = await syncOrg(orgId, syncDependencies());

    expect(summary.status).toBe("succeeded");
    const stored = await db().doc(`orgs/${orgId}/customers/alleaves_${customer.id_customer}`).get();
    expect(stored.get("firstName")).toBe("Recovered");
    expect((await integration(orgId)).consecutiveSyncFailures).toBe(0);
  }, 30_000);

  test("repeat sync writes nothing", async () => {
    const orgId = await createSimulatorOrg();
    await syncOrg(orgId, syncDependencies());

    const again = await syncOrg(orgId, syncDependencies());

    expect(again.status).toBe("succeeded");
    expect(again.customers.written + again.orders.written).toBe(0);
    expect(again.customers.skipped).toBe(again.customers.fetched);
  });

  test("held lease skips the run", async () => {
    const orgId = await createSimulatorOrg();
    await acquireSyncLease(db(), orgId, "another-run", new Date());

    const summary = await syncOrg(orgId, syncDependencies());

    expect(summary.status).toBe("skipped");
    expect(summary.error).toMatch(/in progress/);
  });

  test("expired lease is taken over", async () => {
    const orgId = await createSimulatorOrg();
    await acquireSyncLease(db(), orgId, "dead-run", new Date(Date.now() - 60 * 60 * 1000));

    const summary = await syncOrg(orgId, syncDependencies());

    expect(summary.status).toBe("succeeded");
  });

  test("unknown credentials id fails run", async () => {
    const orgId = await createSimulatorOrg();
    await db().doc(`orgs/${orgId}/integrations/alleaves`).set({ credentialsId: "nobody" }, { merge: true });

    const summary = await syncOrg(orgId, syncDependencies());

    expect(summary.status).toBe("failed");
    expect(summary.error).toContain('"nobody"');
  });

  test("invalid record is counted, not fatal", async () => {
    const orgId = await createSimulatorOrg();
    await simulator("POST", "/_sim/customers", { id_customer: 999999, email: 42 });

    const summary = await syncOrg(orgId, syncDependencies());

    expect(summary.status).toBe("succeeded");
    expect(summary.customers.invalid).toBe(1);
    const stored = await db().doc(`orgs/${orgId}/customers/alleaves_999999`).get();
    expect(stored.exists).toBe(false);
    await simulator("POST", "/_sim/customers", { id_customer: 999999, email: "fixed@example.com" });
  });
});
