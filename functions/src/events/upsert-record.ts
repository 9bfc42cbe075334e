import type { Firestore, Transaction } from "firebase-admin/firestore";

import type { RecordUpdate } from "./event-definition";

/** Result of {@link upsertRecord}. */
export type UpsertResult = "written" | "stale";

/**
 * Merges an Alleaves record into `orgs/{orgId}/{collection}/{docId}` inside
 * `transaction`, unless the stored copy comes from a newer source version.
 *
 * `sourceUpdatedAt` is when Alleaves changed the record. An update whose time
 * is older than the stored `sourceUpdatedAt` is skipped, so a late delivery
 * never overwrites newer data; an equal time is applied. A record never seen
 * is created. Firestore transactions need every read before the first
 * write, so call this after the transaction's other reads.
 */
export async function upsertRecord(
  db: Firestore,
  transaction: Transaction,
  orgId: string,
  update: RecordUpdate,
  sourceUpdatedAt: Date,
  now: Date,
): Promise<UpsertResult> {
  const ref = db.doc(`orgs/${orgId}/${update.collection}/${update.docId}`);
  const snapshot = await transaction.get(ref);

  const stored = snapshot.get("sourceUpdatedAt") as { toDate(): Date } | undefined;
  if (stored && stored.toDate().getTime() > sourceUpdatedAt.getTime()) {
    return "stale";
  }

  transaction.set(
    ref,
    { ...update.fields, source: "alleaves", sourceUpdatedAt, updatedAt: now },
    { merge: true },
  );
  return "written";
}
