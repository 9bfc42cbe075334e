// `npm run send -- <event> [options]`: signs a sample event (or a file) with
// the local webhook secret, posts it to the running stack and prints the
// response.
import { createHmac } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { DEMO_ORG_ID, FUNCTIONS_URL, ROOT } from "./stack/paths.mjs";
import { readLocalSecret, SECRET_FILE } from "./stack/setup.mjs";

const SAMPLES_DIR = join(ROOT, "tools", "samples");
const SAMPLE_EVENTS = readdirSync(SAMPLES_DIR)
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.slice(0, -".json".length));

const USAGE = `Usage: npm run send -- <event> [options]

Signs a sample event with the local webhook secret and posts it to the
running stack. Events with a sample: ${SAMPLE_EVENTS.join(", ")}.

Options:
  --org ID            org to post to (default ${DEMO_ORG_ID})
  --file PATH         post this file's bytes instead of a sample
  --url URL           webhook URL (default ${FUNCTIONS_URL}/alleavesWebhook/<org>)
  --secret-file PATH  file with ALLEAVES_WEBHOOK_SECRET= (default functions/.secret.local)
  --delivery-id ID    send X-Alleaves-Delivery-Id, the event's idempotency key
  --help              print this help`;

function fail(message) {
  process.stderr.write(`send: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: "string", default: DEMO_ORG_ID },
      file: { type: "string" },
      url: { type: "string" },
      "secret-file": { type: "string", default: SECRET_FILE },
      "delivery-id": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const [eventType] = positionals;
let body;
if (values.file && eventType) {
  fail("give an event type or --file, not both: the file's own \"event\" field decides its type");
}
if (values.file) {
  if (!existsSync(values.file)) fail(`file ${values.file} not found`);
  body = readFileSync(values.file);
} else if (!eventType) {
  fail("missing event type or --file");
} else if (!SAMPLE_EVENTS.includes(eventType)) {
  fail(`no sample for event "${eventType}"; use one of ${SAMPLE_EVENTS.join(", ")} or --file`);
} else {
  body = readFileSync(join(SAMPLES_DIR, `${eventType}.json`));
}

if (!existsSync(values["secret-file"])) {
  fail(`secret file ${values["secret-file"]} not found; run npm start once to create it`);
}
const secret = readLocalSecret("ALLEAVES_WEBHOOK_SECRET", values["secret-file"]);
const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
const url = values.url ?? `${FUNCTIONS_URL}/alleavesWebhook/${encodeURIComponent(values.org)}`;

const headers = { "content-type": "application/json", "x-alleaves-signature": signature };
if (values["delivery-id"]) headers["x-alleaves-delivery-id"] = values["delivery-id"];

let response;
try {
  response = await fetch(url, { method: "POST", headers, body });
} catch (error) {
  process.stderr.write(`send: POST ${url} failed: ${error.cause?.message ?? error.message}; is npm start running?\n`);
  process.exit(1);
}
process.stdout.write(`${response.status} ${response.statusText}\n${await response.text()}\n`);
process.exit(response.ok ? 0 : 1);
