// Paths and constants shared by the stack scripts.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FUNCTIONS_DIR = join(ROOT, "functions");
/** Logs, built binaries and other state of local runs; git ignores it. */
export const STATE_DIR = join(ROOT, ".stack");

export const PROJECT_ID = "demo-markitbot";
export const REGION = "us-central1";
export const HOST = "127.0.0.1";
export const PORTS = {
  functions: 5001,
  firestore: 8080,
  pubsub: 8085,
  auth: 9099,
  hub: 4400,
  logging: 4500,
  simulator: 7070,
};
/** Org that `npm start` configures for webhooks. */
export const DEMO_ORG_ID = "demo-org";

/** Base URL of the deployed-style HTTPS functions in the emulator. */
export const FUNCTIONS_URL = `http://${HOST}:${PORTS.functions}/${PROJECT_ID}/${REGION}`;

/** Prints one status line of the stack scripts. */
export function log(message) {
  process.stdout.write(`[stack] ${message}\n`);
}

/** Alleaves API root served by the local simulator. */
export const SIMULATOR_API_URL = `http://${HOST}:${PORTS.simulator}/api`;
