// Local Alleaves simulator: serves the Alleaves API shape from generated
// data, lets tests change records, and sends signed webhooks for changes with
// deliveries dropped, duplicated, reordered or delayed on request. A
// development tool; never deployed.
//
// Usage: node tools/alleaves-sim/server.mjs --port 7070 --functions-url URL --secret-file F
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import { readLocalSecret } from "../stack/setup.mjs";
import { changedSince, seededRandom, SimulatorData } from "./data.mjs";

const { values: options } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "7070" },
    "functions-url": { type: "string" },
    "secret-file": { type: "string" },
    "credentials-id": { type: "string", default: "demo" },
    seed: { type: "string", default: "1" },
  },
});

const webhookSecret = readLocalSecret("ALLEAVES_WEBHOOK_SECRET", options["secret-file"]);
const logins = JSON.parse(
  Buffer.from(readLocalSecret("ALLEAVES_API_CREDENTIALS", options["secret-file"]), "base64").toString("utf8"),
);
const login = logins[options["credentials-id"]];
if (!login) throw new Error(`ALLEAVES_API_CREDENTIALS has no "${options["credentials-id"]}" entry`);

/** Lifetime of issued tokens, in seconds. */
const TOKEN_LIFETIME_SECONDS = 3600;

let data = new SimulatorData({ seed: Number(options.seed) });
const tokens = new Map();
/** Fault injected into API responses: { mode, remaining }. */
let fault;
/** Webhooks waiting for POST /_sim/webhooks/flush. */
let queue = [];

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

function paginate(records, page, perPage) {
  const size = Math.min(Math.max(Number(perPage) || 100, 1), 500);
  const number = Math.max(Number(page) || 1, 1);
  const totalPages = Math.ceil(records.length / size);
  return {
    data: records.slice((number - 1) * size, number * size),
    pagination: { page: number, per_page: size, total_pages: totalPages, total: records.length },
  };
}

/** Applies the injected fault, if any. Returns true when it sent the response. */
function applyFault(res) {
  if (!fault || fault.remaining === 0) return false;
  fault.remaining -= 1;
  switch (fault.mode) {
    case "unauthorized":
      send(res, 401, { error: "unauthorized" });
      return true;
    case "server_error":
      send(res, 500, { error: "internal error" });
      return true;
    case "rate_limited":
      send(res, 429, { error: "slow down" }, { "retry-after": "1" });
      return true;
    case "malformed":
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{\"data\": [ this is not json");
      return true;
    case "timeout":
      // Never responds, so the client's timeout must end the request.
      return true;
    default:
      return false;
  }
}

async function handleApi(req, res, url) {
  if (applyFault(res)) return;

  if (req.method === "POST" && url.pathname === "/api/auth") {
    const body = await readJson(req);
    if (body.username !== login.username || body.password !== login.password || body.pin !== login.pin) {
      return send(res, 401, { error: "invalid username, password or PIN" });
    }
    const token = randomBytes(24).toString("hex");
    tokens.set(token, Date.now() + TOKEN_LIFETIME_SECONDS * 1000);
    return send(res, 200, { token, expires_in: TOKEN_LIFETIME_SECONDS });
  }

  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (!token || !(tokens.get(token) > Date.now())) return send(res, 401, { error: "invalid or expired token" });

  if (req.method === "POST" && url.pathname === "/api/customer/search") {
    const body = await readJson(req);
    return send(res, 200, paginate(changedSince(data.customers, body.updated_since), body.page, body.per_page));
  }
  if (req.method === "GET" && url.pathname === "/api/order") {
    const query = url.searchParams;
    return send(res, 200, paginate(changedSince(data.orders, query.get("updated_since") ?? undefined), query.get("page"), query.get("per_page")));
  }
  if (req.method === "GET" && url.pathname === "/api/location") {
    return send(res, 200, { data: [{ id_location: 1, name: "Demo Dispensary" }] });
  }
  return send(res, 404, { error: `no API route ${req.method} ${url.pathname}` });
}

/** Queues the webhook Alleaves would send for a change. */
function queueWebhook(type, { record, created }) {
  const { updated_at: timestamp, ...fields } = record;
  const event = `${type}.${created ? "created" : "updated"}`;
  queue.push(JSON.stringify({ event, timestamp, data: fields }));
}

/**
 * Sends the queued webhooks to `url`, dropping, duplicating, reordering and
 * delaying deliveries with the given probabilities. Returns what happened.
 */
async function flushWebhooks({ url, drop = 0, duplicate = 0, reorder = 0, delayMs = 0, seed = 1 }) {
  const random = seededRandom(seed);
  const bodies = queue;
  queue = [];

  let reordered = 0;
  for (let i = 0; i < bodies.length - 1; i += 1) {
    if (random() >= reorder) continue;
    const j = i + 1 + Math.floor(random() * Math.min(10, bodies.length - i - 1));
    [bodies[i], bodies[j]] = [bodies[j], bodies[i]];
    reordered += 1;
  }

  const deliveries = [];
  let dropped = 0;
  let duplicated = 0;
  for (const body of bodies) {
    if (random() < drop) {
      dropped += 1;
      continue;
    }
    deliveries.push(body);
    if (random() < duplicate) {
      deliveries.push(body);
      duplicated += 1;
    }
  }

  const statuses = {};
  const eventKeys = new Set();
  for (const body of deliveries) {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, random() * delayMs));
    const signature = `sha256=${createHmac("sha256", webhookSecret).update(body).digest("hex")}`;
    let status;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-alleaves-signature": signature },
        body,
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = "network_error";
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 200) eventKeys.add(`sha256_${createHash("sha256").update(body).digest("hex")}`);
  }

  return { queued: bodies.length, sent: deliveries.length, dropped, duplicated, reordered, statuses, eventKeys: [...eventKeys] };
}

async function handleSim(req, res, url) {
  const route = `${req.method} ${url.pathname}`;
  const webhook = url.searchParams.get("webhook") === "true";

  switch (route) {
    case "GET /_sim/state":
      return send(res, 200, {
        customers: [...data.customers.values()].sort((a, b) => a.id_customer - b.id_customer),
        orders: [...data.orders.values()].sort((a, b) => a.id_order - b.id_order),
        queuedWebhooks: queue.length,
      });
    case "POST /_sim/customers": {
      const change = data.upsertCustomer(await readJson(req));
      if (webhook) queueWebhook("customer", change);
      return send(res, change.created ? 201 : 200, change.record);
    }
    case "POST /_sim/orders": {
      const change = data.upsertOrder(await readJson(req));
      if (webhook) queueWebhook("order", change);
      return send(res, change.created ? 201 : 200, change.record);
    }
    case "POST /_sim/random-changes": {
      const { count = 100 } = await readJson(req);
      for (let i = 0; i < count; i += 1) {
        const change = data.randomChange();
        queueWebhook(change.type, change);
      }
      return send(res, 200, { changes: count, queuedWebhooks: queue.length });
    }
    case "POST /_sim/webhooks/flush": {
      const body = await readJson(req);
      const orgId = body.orgId ?? "demo-org";
      const target = body.url ?? `${options["functions-url"]}/alleavesWebhook/${encodeURIComponent(orgId)}`;
      return send(res, 200, await flushWebhooks({ ...body, url: target }));
    }
    case "DELETE /_sim/webhooks":
      queue = [];
      return send(res, 200, { queuedWebhooks: 0 });
    case "POST /_sim/faults": {
      const body = await readJson(req);
      fault = { mode: body.mode, remaining: body.count ?? Infinity };
      return send(res, 200, { fault: body.mode, count: body.count ?? null });
    }
    case "DELETE /_sim/faults":
      fault = undefined;
      return send(res, 200, { fault: null });
    case "POST /_sim/reset": {
      const body = await readJson(req);
      data = new SimulatorData(body);
      queue = [];
      fault = undefined;
      return send(res, 200, { customers: data.customers.size, orders: data.orders.size });
    }
    default:
      return send(res, 404, { error: `no simulator route ${route}` });
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host ?? "localhost"}`);
  try {
    if (url.pathname.startsWith("/api/")) return await handleApi(req, res, url);
    if (url.pathname.startsWith("/_sim/")) return await handleSim(req, res, url);
    return send(res, 404, { error: "routes are /api/* (Alleaves API) and /_sim/* (simulator control)" });
  } catch (error) {
    return send(res, 400, { error: error.message });
  }
});

server.listen(Number(options.port), options.host, () => {
  process.stdout.write(`alleaves-sim listening on http://${options.host}:${options.port}\n`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
