import type { Firestore } from "firebase-admin/firestore";

let firestore: Firestore | undefined;

/**
 * Returns the process-wide Firestore client, initialising the Admin SDK on
 * first use. Loading it lazily keeps cold starts of functions that never touch
 * Firestore short.
 */
export function getDb(): Firestore {
  if (firestore) return firestore;

  // Required here rather than imported so the cost is paid on first use.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getApps, initializeApp } = require("firebase-admin/app");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getFirestore } = require("firebase-admin/firestore");
  if (getApps().length === 0) initializeApp();
  firestore = getFirestore() as Firestore;
  firestore.settings({ ignoreUndefinedProperties: true });
  return firestore;
}
