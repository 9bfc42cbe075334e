import { isDeepStrictEqual } from "node:util";

import type { DocumentData, Firestore, Transaction } from "firebase-admin/firestore";

import type { RecordUpdate } from "./event-definition";

/**
 * Result of applying one record update. "stale" means a newer version is
 * stored, and "unchanged" means the same version with the same fields is.
 */
export type UpsertResult = "written" | "stale" | "unchanged";

/** One record update and when Alleaves made that change. */
export interface TimedUpdate {
  update: RecordUpdate;
  /** When Alleaves changed the record: the event or record timestamp. */
  sourceUpdatedAt: Date;
}

/**
 * Merges Alleaves records into `orgs/{orgId}/{collection}/{docId}` inside
 * `transaction`, skipping each one whose stored copy comes from a newer
 * source version.
 *
 * An update whose `sourceUpdatedAt` is older than the stored one is skipped,
 * so a late webhook or an overlapping sync never overwrites newer data. An
 * equal time is applied when a field differs, because Alleaves timestamps
 * may be whole seconds and two changes can share one, and skipped as
 * unchanged otherwise. A record never seen is created. This is the one
 * write path of webhooks and sync. Firestore transactions need every read
 * before the first write, so call this after the transaction's other reads
 * and before its other writes. Returns one result per update, in order.
 */
export async function upsertRecords(
  db: Firestore,
  transaction: Transaction,
  orgId: string,
  updates: readonly TimedUpdate[],
  now: Date,
): Promise<UpsertResult[]> {
  if (updates.length === 0) return [];

  const refs = updates.map(({ update }) =>
    db.doc(`orgs/${orgId}/${update.collection}/${update.docId}`),
  );
  const snapshots = await transaction.getAll(...refs);

  // Several updates of one record in a batch: only the newest may be written.
  const newestByPath = new Map<string, number>();
  updates.forEach(({ sourceUpdatedAt }, index) => {
    const path = refs[index].path;
    const time = sourceUpdatedAt.getTime();
    newestByPath.set(path, Math.max(newestByPath.get(path) ?? time, time));
  });

  const written = new Set<string>();
  return updates.map(({ update, sourceUpdatedAt }, index) => {
    const ref = refs[index];
    const storedData = snapshots[index].data();
    const stored = storedData?.sourceUpdatedAt as { toDate(): Date } | undefined;
    const storedTime = stored?.toDate().getTime();
    const time = sourceUpdatedAt.getTime();
    const isStale =
      (storedTime !== undefined && storedTime > time) ||
      time < newestByPath.get(ref.path)! ||
      written.has(ref.path);
    if (isStale) return "stale";
    if (storedTime === time && hasSameFields(storedData!, update.fields)) return "unchanged";

    transaction.set(
      ref,
      { ...update.fields, source: "alleaves", sourceUpdatedAt, updatedAt: now },
      { merge: true },
    );
    written.add(ref.path);
    return "written";
  });
}

/** Returns whether every field of `fields` already has that value in `stored`. */
function hasSameFields(stored: DocumentData, fields: Record<string, unknown>): boolean {
  return Object.entries(fields).every(([name, value]) => isDeepStrictEqual(stored[name], value));
}
