import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";

let firestore: Firestore | undefined;
let auth: Auth | undefined;

// The Admin SDK modules are required on first use rather than imported, so
// functions that never touch them keep their cold start short.
/* eslint-disable @typescript-eslint/no-require-imports */

function ensureApp(): void {
  const { getApps, initializeApp } = require("firebase-admin/app");
  if (getApps().length === 0) initializeApp();
}

/** Returns the process-wide Firestore client. */
export function getDb(): Firestore {
  if (firestore) return firestore;

  ensureApp();
  const { getFirestore } = require("firebase-admin/firestore");
  firestore = getFirestore() as Firestore;
  firestore.settings({ ignoreUndefinedProperties: true });
  return firestore;
}

/** Returns the process-wide Firebase Auth client, for verifying ID tokens. */
export function getAdminAuth(): Auth {
  if (auth) return auth;

  ensureApp();
  const { getAuth } = require("firebase-admin/auth");
  auth = getAuth() as Auth;
  return auth;
}
