// `npm run token -- --org ID [--role ROLE] [--uid UID]`: prints a Firebase
// Auth ID token from the local Auth emulator whose custom claims carry the
// org and role, for calling Sync Now. Talks only to the emulator.
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { FUNCTIONS_DIR, HOST, PORTS, PROJECT_ID } from "./stack/paths.mjs";

const USAGE = "Usage: npm run token -- --org ID [--role admin] [--uid UID]";

let values;
try {
  ({ values } = parseArgs({
    options: {
      org: { type: "string" },
      role: { type: "string", default: "admin" },
      uid: { type: "string" },
    },
  }));
} catch (error) {
  process.stderr.write(`token: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}
if (!values.org) {
  process.stderr.write(`token: missing --org\n${USAGE}\n`);
  process.exit(2);
}

const authHost = `${HOST}:${PORTS.auth}`;
// Set before the Admin SDK loads, so it can only reach the emulator and never
// looks for a metadata server.
process.env.FIREBASE_AUTH_EMULATOR_HOST = authHost;
process.env.METADATA_SERVER_DETECTION = "none";

const requireFromFunctions = createRequire(join(FUNCTIONS_DIR, "package.json"));
const { initializeApp } = requireFromFunctions("firebase-admin/app");
const { getAuth } = requireFromFunctions("firebase-admin/auth");

const uid = values.uid ?? `${values.org}-${values.role}`;
const app = initializeApp({ projectId: PROJECT_ID }, "token");
const customToken = await getAuth(app).createCustomToken(uid, { orgId: values.org, role: values.role });

let response;
try {
  response = await fetch(
    `http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken?key=emulator`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: customToken, returnSecureToken: true }),
    },
  );
} catch (error) {
  process.stderr.write(`token: the Auth emulator at ${authHost} did not respond (${error.cause?.message ?? error.message}); is npm start running?\n`);
  process.exit(1);
}
const body = await response.json();
if (!response.ok) {
  process.stderr.write(`token: the Auth emulator returned ${response.status}: ${JSON.stringify(body)}\n`);
  process.exit(1);
}
process.stdout.write(`${body.idToken}\n`);
process.exit(0);
