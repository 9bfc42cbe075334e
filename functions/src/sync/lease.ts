import type { Firestore } from "firebase-admin/firestore";

/** How long a sync lease lasts; a run that dies frees the org after this. */
export const SYNC_LEASE_MS = 10 * 60 * 1000;

/** Path of the lease that lets one sync run per org at a time. */
export function syncLeasePath(orgId: string): string {
  return `orgs/${orgId}/locks/alleavesSync`;
}

/**
 * Takes the org's sync lease for `runId` unless another run holds an
 * unexpired one. Resolves true when taken.
 */
export async function acquireSyncLease(
  db: Firestore,
  orgId: string,
  runId: string,
  now: Date,
): Promise<boolean> {
  const ref = db.doc(syncLeasePath(orgId));
  const lease = { owner: runId, acquiredAt: now, expiresAt: new Date(now.getTime() + SYNC_LEASE_MS) };

  // create() fails when the document exists, so the common case needs no
  // transaction, and it is atomic even on the offline Firestore fallback.
  try {
    await ref.create(lease);
    return true;
  } catch (error) {
    if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
  }

  return db.runTransaction(async (transaction) => {
    const current = await transaction.get(ref);
    const expiresAt = current.get("expiresAt") as { toDate(): Date } | undefined;
    if (current.exists && expiresAt && expiresAt.toDate() > now) return false;

    transaction.set(ref, lease);
    return true;
  });
}

/** Frees the org's sync lease if `runId` still holds it. */
export async function releaseSyncLease(
  db: Firestore,
  orgId: string,
  runId: string,
): Promise<void> {
  const ref = db.doc(syncLeasePath(orgId));
  await db.runTransaction(async (transaction) => {
    const current = await transaction.get(ref);
    if (current.get("owner") === runId) transaction.delete(ref);
  });
}

/** gRPC status code of a create() on an existing document. */
const ALREADY_EXISTS = 6;
