import { randomUUID } from "node:crypto";

import type { Firestore } from "firebase-admin/firestore";
import type { z } from "zod";

import type { AlleavesCredentials } from "../alleaves/api-client";
import { apiCustomer, apiOrder, type ApiCustomer, type ApiOrder } from "../alleaves/records";
import { invalidateCaches } from "../events/cache";
import { customerEvent } from "../events/customer";
import type { EventDefinition } from "../events/event-definition";
import { orderEvent } from "../events/order";
import { upsertRecords, type TimedUpdate } from "../events/upsert-record";
import { integrationPath, type AlleavesIntegration } from "../orgs/org-config";
import type { Clock } from "../platform/clock";
import { logError, logInfo, logWarn, type LogFields } from "../platform/log";
import { acquireSyncLease, releaseSyncLease } from "./lease";

/** Records re-read before the cursor, to absorb clock skew and late commits. */
export const SYNC_OVERLAP_MS = 5 * 60 * 1000;
/** Records written per Firestore transaction. */
export const SYNC_BATCH_SIZE = 100;

/** The part of the Alleaves client the sync uses. */
export interface AlleavesReader {
  listCustomers(since: Date | undefined): Promise<unknown[]>;
  listOrders(since: Date | undefined): Promise<unknown[]>;
}

/** Everything a sync run needs, injected so tests can supply their own. */
export interface SyncDependencies {
  db: () => Firestore;
  clock: Clock;
  /** Returns the login stored under `credentialsId`, if any. */
  credentials: (credentialsId: string) => AlleavesCredentials | undefined;
  createReader: (baseUrl: string, credentials: AlleavesCredentials) => AlleavesReader;
}

/** Counts of one record type in a run. */
export interface RecordCounts {
  fetched: number;
  written: number;
  /**
   * Records not written because Firestore already has a newer version, or
   * the same version with the same fields.
   */
  skipped: number;
  /** Records that failed validation and were left out. */
  invalid: number;
}

/** Result of one sync run of one org, which Sync Now returns. */
export interface SyncSummary {
  orgId: string;
  runId: string;
  status: "succeeded" | "failed" | "skipped";
  /** Reason the run failed or was skipped. */
  error?: string;
  startedAt: string;
  finishedAt: string;
  /** Start of the window read, or null for a full backfill. */
  since: string | null;
  customers: RecordCounts;
  orders: RecordCounts;
}

const emptyCounts = (): RecordCounts => ({ fetched: 0, written: 0, skipped: 0, invalid: 0 });

/**
 * Syncs one org from the Alleaves API into Firestore.
 *
 * Reads every customer and order changed since the org's cursor minus
 * SYNC_OVERLAP_MS (everything on the first run) and writes them through the
 * webhook path's upsert, with its out-of-order guard and cache invalidation.
 * One run per org holds the sync lease at a time. Each batch commits its data
 * and cache invalidation atomically. The cursor advances only after every
 * batch committed, so a failed run leaves consistent records and the next run
 * reads the same window again. The result, including a failure, is stored on the org's
 * integration document and returned; this function throws only when
 * Firestore itself fails.
 */
export async function syncOrg(orgId: string, deps: SyncDependencies): Promise<SyncSummary> {
  const db = deps.db();
  const startedAt = deps.clock();
  const summary: SyncSummary = {
    orgId,
    runId: randomUUID(),
    status: "succeeded",
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    since: null,
    customers: emptyCounts(),
    orders: emptyCounts(),
  };
  const fields: LogFields = { component: "sync", orgId };

  const integrationRef = db.doc(integrationPath(orgId));
  const integration = ((await integrationRef.get()).data() ?? {}) as AlleavesIntegration & {
    syncCursor?: { toDate(): Date };
  };

  const skipReason = whySyncIsSkipped(integration);
  if (skipReason) {
    summary.status = "skipped";
    summary.error = skipReason;
    logInfo(`Skipped org ${orgId}: ${skipReason}`, { ...fields, outcome: "sync_skipped", reason: skipReason });
    return summary;
  }

  if (!(await acquireSyncLease(db, orgId, summary.runId, startedAt))) {
    summary.status = "skipped";
    summary.error = "another sync run of this org is in progress";
    logInfo(`Skipped org ${orgId}: ${summary.error}`, { ...fields, outcome: "sync_skipped", reason: summary.error });
    return summary;
  }

  try {
    const cursor = integration.syncCursor?.toDate();
    const since = cursor ? new Date(cursor.getTime() - SYNC_OVERLAP_MS) : undefined;
    summary.since = since?.toISOString() ?? null;

    const credentials = deps.credentials(integration.credentialsId!);
    if (!credentials) {
      throw new Error(
        `ALLEAVES_API_CREDENTIALS has no entry "${integration.credentialsId}"; add it with firebase functions:secrets:set`,
      );
    }
    const reader = deps.createReader(integration.apiBaseUrl!, credentials);

    const customers = await reader.listCustomers(since);
    summary.customers = await writeRecords<ApiCustomer>(db, orgId, customers, apiCustomer, customerEvent, deps.clock, fields);
    const orders = await reader.listOrders(since);
    summary.orders = await writeRecords<ApiOrder>(db, orgId, orders, apiOrder, orderEvent, deps.clock, fields);

    summary.finishedAt = deps.clock().toISOString();
    await integrationRef.set(
      {
        syncCursor: startedAt,
        lastSyncAt: deps.clock(),
        lastSyncStatus: "succeeded",
        ...runCounts(summary),
        lastError: null,
        consecutiveSyncFailures: 0,
      },
      { merge: true },
    );
    logInfo(`Synced org ${orgId}`, {
      ...fields,
      outcome: "sync_succeeded",
      latencyMs: deps.clock().getTime() - startedAt.getTime(),
    });
  } catch (error) {
    summary.status = "failed";
    summary.error = (error as Error).message;
    summary.finishedAt = deps.clock().toISOString();
    await integrationRef.set(
      {
        lastSyncAt: deps.clock(),
        lastSyncStatus: "failed",
        ...runCounts(summary),
        lastError: summary.error,
        consecutiveSyncFailures: ((integration.consecutiveSyncFailures as number | undefined) ?? 0) + 1,
      },
      { merge: true },
    );
    logError(`Sync of org ${orgId} failed; the next run retries from the last cursor`, {
      ...fields,
      outcome: "sync_failed",
      reason: summary.error,
      latencyMs: deps.clock().getTime() - startedAt.getTime(),
    });
  } finally {
    await releaseSyncLease(db, orgId, summary.runId);
  }
  return summary;
}

/** Returns the run's counts of customers and orders together, as stored on the integration. */
function runCounts(summary: SyncSummary) {
  return {
    lastSyncWritten: summary.customers.written + summary.orders.written,
    lastSyncSkipped: summary.customers.skipped + summary.orders.skipped,
    lastSyncInvalid: summary.customers.invalid + summary.orders.invalid,
  };
}

/** Returns why an org cannot be synced, or undefined when it can. */
function whySyncIsSkipped(integration: AlleavesIntegration): string | undefined {
  if (integration.enabled !== true) return "the Alleaves integration is not enabled";
  if (typeof integration.apiBaseUrl !== "string" || integration.apiBaseUrl === "") {
    return "apiBaseUrl is not set on the integration document";
  }
  if (typeof integration.credentialsId !== "string" || integration.credentialsId === "") {
    return "credentialsId is not set on the integration document";
  }
  return undefined;
}

/**
 * Validates API records and writes them in batches through the shared upsert
 * path. Invalid records are counted and left out, so one bad record cannot
 * stop every later sync.
 */
async function writeRecords<T extends { updated_at: string }>(
  db: Firestore,
  orgId: string,
  records: unknown[],
  schema: z.ZodType<T>,
  definition: Pick<EventDefinition<T>, "toUpdate" | "invalidates">,
  clock: Clock,
  fields: LogFields,
): Promise<RecordCounts> {
  const counts = emptyCounts();
  counts.fetched = records.length;

  const updates: TimedUpdate[] = [];
  for (const [index, record] of records.entries()) {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      counts.invalid += 1;
      const issue = parsed.error.issues[0];
      logWarn(`Left out an invalid record: field "${issue.path.join(".")}" ${issue.message}`, {
        ...fields,
        reason: `record ${index} invalid`,
      });
      continue;
    }
    updates.push({
      update: definition.toUpdate(parsed.data),
      sourceUpdatedAt: new Date(parsed.data.updated_at),
    });
  }

  for (let start = 0; start < updates.length; start += SYNC_BATCH_SIZE) {
    const batch = updates.slice(start, start + SYNC_BATCH_SIZE);
    const now = clock();
    const results = await db.runTransaction(async (transaction) => {
      const batchResults = await upsertRecords(db, transaction, orgId, batch, now);
      if (batchResults.includes("written")) {
        invalidateCaches(db, transaction, orgId, definition.invalidates, now, "alleaves-sync");
      }
      return batchResults;
    });
    counts.written += results.filter((result) => result === "written").length;
    counts.skipped += results.filter((result) => result !== "written").length;
  }
  return counts;
}
