import type {
  DocumentReference,
  Firestore,
  Transaction,
} from "firebase-admin/firestore";

import type { WebhookMessage } from "./handle-webhook-event";
import type { UpsertResult } from "./upsert-record";

/** How long ledger records live before Firestore's TTL policy deletes them. */
export const LEDGER_TTL_DAYS = 30;

/**
 * Largest body, in bytes, stored in a ledger or dead-letter record. Firestore
 * documents hold at most 1 MiB and webhook bodies may be 1 MiB, so a larger
 * body is left out and only its size is stored.
 */
export const MAX_STORED_BODY_BYTES = 900_000;

/** Status of one event in the ledger. */
export type LedgerStatus = "processing" | "processed" | "failed" | "ignored";

/** Statuses after which a delivery of the same event changes nothing. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set<LedgerStatus>([
  "processed",
  "failed",
  "ignored",
]);

/** Path of the ledger record of one event. */
export function ledgerPath(orgId: string, eventKey: string): string {
  return `orgs/${orgId}/webhookEvents/${eventKey}`;
}

/** Path of the dead-letter record of one event. */
export function deadLetterPath(orgId: string, eventKey: string): string {
  return `orgs/${orgId}/deadLetters/${eventKey}`;
}

/** Time at which a record written at `now` expires (the TTL field). */
export function expireAt(now: Date): Date {
  return new Date(now.getTime() + LEDGER_TTL_DAYS * 24 * 60 * 60 * 1000);
}

/** Returns the body as stored in a record, or null with its size when too large. */
function storedBody(body: Buffer): { rawBody: string | null; rawBodyBytes: number } {
  const fits = body.length <= MAX_STORED_BODY_BYTES;
  return { rawBody: fits ? body.toString("utf8") : null, rawBodyBytes: body.length };
}

/**
 * Ledger records of one event. The main record is keyed by the event key.
 * When that is a delivery id, an alias record keyed by the body's hash
 * follows the same status, so the same body under a new delivery id is
 * recognised as a duplicate.
 */
export class EventLedger {
  readonly mainRef: DocumentReference;
  readonly aliasRef: DocumentReference | undefined;

  constructor(
    private readonly db: Firestore,
    readonly orgId: string,
    readonly eventKey: string,
    bodyKey: string,
  ) {
    this.mainRef = db.doc(ledgerPath(orgId, eventKey));
    this.aliasRef = bodyKey === eventKey ? undefined : db.doc(ledgerPath(orgId, bodyKey));
  }

  private get refs(): DocumentReference[] {
    return this.aliasRef ? [this.mainRef, this.aliasRef] : [this.mainRef];
  }

  /**
   * Counts a new attempt unless the event is already final. Resolves with the
   * attempt number, counted from 1, or undefined for a duplicate. A
   * transaction keeps a concurrent delivery from overwriting a final status.
   */
  claim(eventType: string | undefined, receivedAt: Date, now: Date): Promise<number | undefined> {
    return this.db.runTransaction(async (transaction) => {
      const snapshots = await transaction.getAll(...this.refs);
      if (snapshots.some((snapshot) => FINAL_STATUSES.has(snapshot.get("status")))) {
        return undefined;
      }

      const attempt = ((snapshots[0].get("attempts") as number | undefined) ?? 0) + 1;
      transaction.set(
        this.mainRef,
        {
          status: "processing",
          eventType: eventType ?? null,
          attempts: attempt,
          receivedAt,
          lastAttemptAt: now,
          expireAt: expireAt(now),
        },
        { merge: true },
      );
      return attempt;
    });
  }

  /** Reads, inside `transaction`, whether the event is already final. */
  async isFinal(transaction: Transaction): Promise<boolean> {
    const snapshots = await transaction.getAll(...this.refs);
    return snapshots.some((snapshot) => FINAL_STATUSES.has(snapshot.get("status")));
  }

  /** Marks the event processed inside `transaction`. */
  markProcessed(transaction: Transaction, result: UpsertResult, now: Date): void {
    transaction.set(
      this.mainRef,
      { status: "processed", result, handledAt: now, lastError: null },
      { merge: true },
    );
    if (this.aliasRef) transaction.set(this.aliasRef, this.alias("processed", now));
  }

  /** Marks an unsupported event ignored, keeping its body for a later replay. */
  async markIgnored(body: Buffer, now: Date): Promise<void> {
    const batch = this.db.batch();
    batch.set(this.mainRef, { status: "ignored", ...storedBody(body), handledAt: now }, { merge: true });
    if (this.aliasRef) batch.set(this.aliasRef, this.alias("ignored", now));
    await batch.commit();
  }

  /** Stores a failed event with its error and marks the event failed. */
  async deadLetter(message: WebhookMessage, attempts: number, error: string, now: Date): Promise<void> {
    const batch = this.db.batch();
    batch.set(this.db.doc(deadLetterPath(this.orgId, this.eventKey)), {
      orgId: this.orgId,
      eventKey: this.eventKey,
      eventType: message.attributes.eventType ?? null,
      receivedAt: message.attributes.receivedAt ?? null,
      ...storedBody(message.data),
      attempts,
      error,
      failedAt: now,
    });
    batch.set(this.mainRef, { status: "failed", lastError: error, handledAt: now }, { merge: true });
    if (this.aliasRef) batch.set(this.aliasRef, this.alias("failed", now));
    await batch.commit();
  }

  private alias(status: LedgerStatus, now: Date) {
    return { status, aliasOf: this.eventKey, handledAt: now, expireAt: expireAt(now) };
  }
}
