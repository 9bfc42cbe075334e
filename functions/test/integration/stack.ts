import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

import { signBody } from "../../src/webhook/signature";

/** Base URL of the HTTPS functions in the running emulator. */
export const FUNCTIONS_URL = process.env.FUNCTIONS_URL!;

/** Whether Firestore is the offline fallback, which lacks some features. */
export const FIRESTORE_IS_FALLBACK = process.env.STACK_FIRESTORE === "fallback";

/** The webhook secret the running functions use. */
export const WEBHOOK_SECRET = readSecret("ALLEAVES_WEBHOOK_SECRET");

function readSecret(name: string): string {
  const file = join(__dirname, "..", "..", ".secret.local");
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith(`${name}=`));
  if (!line) throw new Error(`${file} has no ${name}`);
  return line.slice(name.length + 1).trim();
}

/** Admin Firestore client of the emulator stack. */
export function db(): Firestore {
  if (getApps().length === 0) initializeApp({ projectId: process.env.GCLOUD_PROJECT });
  return getFirestore();
}

/** Alleaves API root of the simulator that the stack runs. */
export const SIMULATOR_URL = "http://127.0.0.1:7070";

/**
 * Creates an org with its Alleaves integration enabled (or not). Extra
 * integration fields, such as the simulator's apiBaseUrl, are merged in.
 */
export async function createOrg(
  enabled = true,
  integration: Record<string, unknown> = {},
): Promise<string> {
  const orgId = `test-${randomUUID().slice(0, 8)}`;
  await db().doc(`orgs/${orgId}`).set({ name: orgId });
  await db().doc(`orgs/${orgId}/integrations/alleaves`).set({ enabled, ...integration });
  return orgId;
}

/** Creates an enabled org that syncs from the simulator. */
export function createSimulatorOrg(): Promise<string> {
  return createOrg(true, { apiBaseUrl: `${SIMULATOR_URL}/api`, credentialsId: "demo" });
}

/** Sends a JSON request to the simulator's control API and returns its body. */
export async function simulator<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${SIMULATOR_URL}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} returned ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Options of {@link postWebhook}. */
export interface PostOptions {
  secret?: string;
  /** Overrides the signature header; null sends none. */
  signature?: string | null;
  headers?: Record<string, string>;
  method?: string;
}

/** Posts a body, signed with the local secret, to the org's webhook URL. */
export async function postWebhook(
  orgId: string,
  body: string | Buffer,
  options: PostOptions = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...options.headers,
  };
  const signature =
    options.signature === undefined
      ? signBody(body, options.secret ?? WEBHOOK_SECRET)
      : options.signature;
  if (signature !== null) headers["x-alleaves-signature"] = signature;

  const method = options.method ?? "POST";
  const response = await fetch(`${FUNCTIONS_URL}/alleavesWebhook/${orgId}`, {
    method,
    headers,
    body: method === "GET" ? undefined : body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : {} };
}

/**
 * Polls `read` until it returns a value other than undefined, or fails after
 * `timeoutMs` naming `what`.
 */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves with a document's data once it exists and `ready` accepts it. */
export function waitForDoc(
  path: string,
  ready: (data: FirebaseFirestore.DocumentData) => boolean = () => true,
  timeoutMs = 2000,
): Promise<FirebaseFirestore.DocumentData> {
  return waitFor(
    path,
    async () => {
      const data = (await db().doc(path).get()).data();
      return data && ready(data) ? data : undefined;
    },
    timeoutMs,
  );
}

/** Waits until the ledger shows the event in a final status. */
export function waitForLedger(orgId: string, eventKey: string, timeoutMs = 2000) {
  return waitForDoc(
    `orgs/${orgId}/webhookEvents/${eventKey}`,
    (data) => ["processed", "ignored", "failed"].includes(data.status),
    timeoutMs,
  );
}

/** Directory of the sample events that `npm run send` posts. */
const SAMPLES_DIR = join(__dirname, "..", "..", "..", "tools", "samples");

/**
 * Returns a sample event body exactly as stored, whitespace included, so the
 * signature covers bytes that differ from a re-serialisation. customer.created
 * and order.updated are the partner guide's examples.
 */
export function sampleBody(eventType: string): string {
  return readFileSync(join(SAMPLES_DIR, `${eventType}.json`), "utf8");
}
