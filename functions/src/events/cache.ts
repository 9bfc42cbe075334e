import type { Firestore, Transaction } from "firebase-admin/firestore";

import type { CacheScope } from "./event-definition";

/** Key the dashboard uses for one cached view of an org. */
export function cacheKey(orgId: string, scope: CacheScope): string {
  return `org_${orgId}:${scope}`;
}

/**
 * Marks the org's cached views of `scopes` stale inside `transaction`, so they
 * change in the same commit as the data and a reader never finds new data
 * behind a cache still marked fresh. The dashboard recomputes a stale view on
 * its next read.
 */
export function invalidateCaches(
  db: Firestore,
  transaction: Transaction,
  orgId: string,
  scopes: readonly CacheScope[],
  invalidatedAt: Date,
  reason: string,
): void {
  for (const scope of scopes) {
    transaction.set(
      db.doc(`orgs/${orgId}/cache/${scope}`),
      { key: cacheKey(orgId, scope), stale: true, invalidatedAt, invalidatedBy: reason },
      { merge: true },
    );
  }
}
