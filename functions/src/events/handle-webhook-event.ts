import type { Firestore } from "firebase-admin/firestore";

import type { Clock } from "../platform/clock";
import { logError, logInfo, logWarn, type LogFields } from "../platform/log";
import {
  InvalidPayloadError,
  parseWebhook,
  type DefinitionLookup,
} from "../webhook/payload";
import { integrationPath } from "../orgs/org-config";
import { cacheKey, invalidateCaches } from "./cache";
import { EventLedger } from "./ledger";
import { upsertRecords, type UpsertResult } from "./upsert-record";
import { eventKey as eventKeyOf } from "../webhook/event-key";

/** One Pub/Sub message as the receiver published it. */
export interface WebhookMessage {
  /** The webhook body exactly as received. */
  data: Buffer;
  /** orgId, eventKey, eventType and receivedAt (ISO 8601). */
  attributes: Record<string, string | undefined>;
}

/** Everything the worker needs, injected so tests can supply their own. */
export interface WorkerDependencies {
  db: () => Firestore;
  clock: Clock;
  /** Attempts after which a failing event is dead-lettered and acknowledged. */
  maxAttempts: number;
  /** Event definitions; defaults to the registry. */
  findDefinition?: DefinitionLookup;
}

/** Outcome of one delivery of a message. */
export type ProcessOutcome =
  | { outcome: "processed"; result: UpsertResult }
  | { outcome: "duplicate" | "ignored" | "dead_lettered" | "dropped" };

/** Raised when an event can never succeed, so retrying is pointless. */
class PermanentEventError extends Error {}

/**
 * Applies one webhook event to Firestore exactly once.
 *
 * The ledger decides: an event already processed, ignored or failed is a
 * duplicate and changes nothing. The event is looked up under its event key
 * and under the SHA-256 of its body, so a captured body sent again with a new
 * delivery id is a duplicate too (within the ledger's TTL). Otherwise one
 * transaction re-checks the ledger, merges the record unless a newer version
 * is stored, marks the affected caches stale and marks the event processed,
 * so data, caches and ledger change together or not at all.
 *
 * A transient error is rethrown so Pub/Sub redelivers the message. After
 * `maxAttempts` attempts, or at once for an event that can never succeed, the
 * event is stored in the dead letters, marked failed and acknowledged.
 */
export async function handleWebhookEvent(
  message: WebhookMessage,
  deps: WorkerDependencies,
): Promise<ProcessOutcome> {
  const startedAt = deps.clock();
  const { orgId, eventKey, eventType, receivedAt } = message.attributes;
  const fields: LogFields = { component: "worker", orgId, eventKey, event: eventType };

  if (!orgId || !eventKey || !receivedAt || Number.isNaN(Date.parse(receivedAt))) {
    fields.outcome = "dropped";
    fields.reason = "message lacks orgId, eventKey or a valid receivedAt attribute";
    logError("Dropped message that the receiver did not publish", fields);
    return { outcome: "dropped" };
  }

  const db = deps.db();
  const ledger = new EventLedger(db, orgId, eventKey, bodyKey(message.data));
  const attempt = await ledger.claim(eventType, new Date(receivedAt), startedAt);
  if (attempt === undefined) {
    fields.outcome = "duplicate";
    logInfo("Duplicate delivery; event already handled", fields);
    return { outcome: "duplicate" };
  }
  fields.attempt = attempt;

  try {
    const outcome = await applyEvent(db, ledger, message, deps);
    fields.outcome = outcome.outcome;
    fields.latencyMs = deps.clock().getTime() - startedAt.getTime();
    if (outcome.outcome === "processed") {
      logInfo("Event processed successfully", { ...fields, reason: outcome.result });
    } else if (outcome.outcome === "duplicate") {
      logInfo("Duplicate delivery; another delivery handled the event first", fields);
    }
    await recordLastWebhook(db, orgId, new Date(receivedAt), fields);
    return outcome;
  } catch (error) {
    const reason = (error as Error).message;
    fields.reason = reason;
    fields.latencyMs = deps.clock().getTime() - startedAt.getTime();

    if (!isPermanent(error) && attempt < deps.maxAttempts) {
      fields.outcome = "retrying";
      logWarn(`Event processing failed on attempt ${attempt}; Pub/Sub will redeliver`, fields);
      throw error;
    }

    await ledger.deadLetter(message, attempt, reason, deps.clock());
    fields.outcome = "dead_lettered";
    logError("Event moved to dead letters; it will not be retried", fields);
    return { outcome: "dead_lettered" };
  }
}

/** gRPC code of a request Firestore rejects as invalid, such as an oversized document. */
const GRPC_INVALID_ARGUMENT = 3;

/** Returns whether retrying `error` can never succeed. */
function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentEventError) return true;
  return (error as { code?: unknown }).code === GRPC_INVALID_ARGUMENT;
}

/** Ledger key of a body: `sha256_` and the hex SHA-256 of its bytes. */
function bodyKey(body: Buffer): string {
  return eventKeyOf(body, undefined);
}

/** Validates the body and writes its effect; throws on any failure. */
async function applyEvent(
  db: Firestore,
  ledger: EventLedger,
  message: WebhookMessage,
  deps: WorkerDependencies,
): Promise<ProcessOutcome> {
  let parsed;
  try {
    parsed = parseWebhook(message.data, deps.findDefinition);
  } catch (error) {
    if (error instanceof InvalidPayloadError) {
      throw new PermanentEventError(error.message);
    }
    throw error;
  }

  const { orgId, eventKey } = ledger;
  const now = deps.clock();
  if (parsed.kind !== "supported") {
    await ledger.markIgnored(message.data, now);
    logInfo(`Ignored unsupported event type: ${parsed.eventType}`, {
      component: "worker",
      orgId,
      eventKey,
      event: parsed.eventType,
      outcome: "ignored",
    });
    return { outcome: "ignored" };
  }

  // An event without a timestamp counts as changed when it was received.
  // NOTE: a replay of such a body after the ledger's TTL (30 days) therefore
  // counts as newest and is applied again. Events with a timestamp are safe.
  const sourceUpdatedAt = new Date(parsed.timestamp ?? message.attributes.receivedAt!);
  const update = parsed.definition.toUpdate(parsed.data);
  const scopes = parsed.definition.invalidates;

  const result = await db.runTransaction(async (transaction) => {
    if (await ledger.isFinal(transaction)) return "duplicate" as const;

    const [upsert] = await upsertRecords(
      db,
      transaction,
      orgId,
      [{ update, sourceUpdatedAt }],
      now,
    );
    if (upsert === "written") {
      invalidateCaches(db, transaction, orgId, scopes, now, eventKey);
    }
    ledger.markProcessed(transaction, upsert, now);
    return upsert;
  });

  if (result === "duplicate") return { outcome: "duplicate" };
  if (result === "written") {
    for (const scope of scopes) {
      logInfo(`Cache invalidated: ${cacheKey(orgId, scope)}`, {
        component: "worker",
        orgId,
        eventKey,
        event: parsed.eventType,
      });
    }
  }
  return { outcome: "processed", result };
}

/** Last `lastWebhookAt` write per org by this instance, in epoch ms. */
const lastWebhookWrites = new Map<string, number>();
/** At most one `lastWebhookAt` write per org and instance in this period. */
const LAST_WEBHOOK_WRITE_INTERVAL_MS = 60_000;

/**
 * Stores when the org last received a webhook, for the silence alert and the
 * integration status. A burst writes once a minute per instance, because
 * Firestore sustains about one write per second to a single document. A
 * failure is logged, not thrown: the event itself is already applied.
 */
async function recordLastWebhook(
  db: Firestore,
  orgId: string,
  receivedAt: Date,
  fields: LogFields,
): Promise<void> {
  const lastWrite = lastWebhookWrites.get(orgId) ?? 0;
  if (receivedAt.getTime() - lastWrite < LAST_WEBHOOK_WRITE_INTERVAL_MS) return;

  try {
    await db.doc(integrationPath(orgId)).set({ lastWebhookAt: receivedAt }, { merge: true });
    lastWebhookWrites.set(orgId, receivedAt.getTime());
  } catch (error) {
    logWarn("Could not record lastWebhookAt", { ...fields, reason: (error as Error).message });
  }
}
