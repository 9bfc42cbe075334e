// Starts and stops the local emulator stack: Functions, Firestore, Pub/Sub
// and Auth, each official where possible and the offline fallback otherwise.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { join } from "node:path";

import { buildPubsubFallback, chooseEmulator, OFFLINE_ENV } from "./emulators.mjs";
import {
  DEMO_ORG_ID,
  FUNCTIONS_DIR,
  FUNCTIONS_URL,
  HOST,
  PORTS,
  PROJECT_ID,
  ROOT,
  SIMULATOR_API_URL,
  STATE_DIR,
  log,
} from "./paths.mjs";
import { buildFunctions, ensureLocalSecret, installDependencies, SECRET_FILE } from "./setup.mjs";

/** Maximum wait for the emulators to report ready, in milliseconds. */
const READY_TIMEOUT_MS = 180_000;
/** Maximum wait for a process group to exit after each SIGINT. */
const STOP_TIMEOUT_MS = 10_000;

/** Environment variables that point Google clients at the local stack. */
export const EMULATOR_ENV = {
  GCLOUD_PROJECT: PROJECT_ID,
  FIRESTORE_EMULATOR_HOST: `${HOST}:${PORTS.firestore}`,
  PUBSUB_EMULATOR_HOST: `${HOST}:${PORTS.pubsub}`,
  FIREBASE_AUTH_EMULATOR_HOST: `${HOST}:${PORTS.auth}`,
};

/** URL of the webhook receiver for the demo org. */
export const WEBHOOK_URL = `${FUNCTIONS_URL}/alleavesWebhook/${DEMO_ORG_ID}`;

/**
 * Installs, builds and starts the stack and seeds the demo org. Resolves once
 * the health function responds, with `stop()`, which ends every process the
 * stack started, `webhookUrl`, and `firestore` ("official" or "fallback").
 * `echo` selects the emulator log lines that reach the console.
 */
export async function startStack({ echo = () => false } = {}) {
  installDependencies();
  buildFunctions();
  ensureLocalSecret();
  await assertPortsFree();

  mkdirSync(STATE_DIR, { recursive: true });
  const children = [];
  const stop = () => stopAll(children);

  try {
    const env = {
      ...process.env,
      ...OFFLINE_ENV,
      ...EMULATOR_ENV,
      // The Functions emulator starts one Node.js process per concurrent
      // execution, 50 by default. A burst of Pub/Sub deliveries then starts
      // dozens at once on a small machine, some time out while loading, and
      // the emulator acknowledges their messages anyway, so events are lost.
      FUNCTIONS_EMULATOR_PARALLEL: "4",
    };
    const only = ["functions", "pubsub", "auth"];
    const firestore = chooseEmulator("firestore");

    if (firestore === "official") {
      only.push("firestore");
      log("Firestore: official emulator");
    } else {
      children.push(await startFirestoreFallback(env));
      log(`Firestore: offline fallback @firestore-emulator/server on ${HOST}:${PORTS.firestore}`);
    }

    if (chooseEmulator("pubsub") === "official") {
      delete env.PUBSUB_EMULATOR_BINARY_PATH;
      log("Pub/Sub: official emulator");
    } else {
      env.PUBSUB_EMULATOR_BINARY_PATH = buildPubsubFallback();
      log(`Pub/Sub: offline fallback pstest on ${HOST}:${PORTS.pubsub}`);
    }

    children.push(await startSimulator(env));
    log(`Alleaves simulator: ${SIMULATOR_API_URL}`);

    const firebase = await startFirebaseEmulators(env, only, echo);
    children.push(firebase);
    firebase.emulatorPids = await emulatorPids();
    await waitForHealth();
    await seedDemoOrg();
    return { stop, webhookUrl: WEBHOOK_URL, firestore };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function assertPortsFree() {
  for (const [name, port] of Object.entries(PORTS)) {
    if (await isListening(port)) {
      throw new Error(
        `port ${port} (${name}) is already in use on ${HOST}; stop the other stack or process using it`,
      );
    }
  }
}

function isListening(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Spawns a child in its own process group, so stopping it ends its children too. */
function spawnGroup(command, args, env, logFile) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logStream = createWriteStream(join(STATE_DIR, logFile));
  child.stdout.pipe(logStream, { end: false });
  child.stderr.pipe(logStream, { end: false });
  child.exited = new Promise((resolve) => child.once("exit", resolve));
  child.name = logFile;
  return child;
}

async function startFirestoreFallback(env) {
  const child = spawnGroup(
    process.execPath,
    [join(ROOT, "tools", "stack", "firestore-fallback.mjs"), String(PORTS.firestore)],
    env,
    "firestore-fallback.log",
  );
  await waitForOutput(child, /listening on/, 20_000, "the Firestore fallback");
  return child;
}

async function startSimulator(env) {
  const child = spawnGroup(
    process.execPath,
    [
      join(ROOT, "tools", "alleaves-sim", "server.mjs"),
      "--port",
      String(PORTS.simulator),
      "--functions-url",
      FUNCTIONS_URL,
      "--secret-file",
      SECRET_FILE,
    ],
    env,
    "alleaves-sim.log",
  );
  await waitForOutput(child, /listening on/, 20_000, "the Alleaves simulator");
  return child;
}

async function startFirebaseEmulators(env, only, echo) {
  log(`Starting emulators: ${only.join(", ")} (log: .stack/emulators.log)`);
  const child = spawnGroup(
    join(ROOT, "node_modules", ".bin", "firebase"),
    ["emulators:start", "--project", PROJECT_ID, "--only", only.join(",")],
    env,
    "emulators.log",
  );

  let pending = "";
  child.stdout.on("data", (chunk) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop();
    for (const line of lines) if (echo(line)) process.stdout.write(`${line}\n`);
  });

  await waitForOutput(child, /All emulators ready/, READY_TIMEOUT_MS, "the Firebase emulators");
  return child;
}

/**
 * Returns the process ids of the emulators firebase-tools started. It starts
 * the Pub/Sub and Firestore emulators in process groups of their own, so
 * killing the CLI's group alone would leave them running.
 */
async function emulatorPids() {
  const response = await fetch(`http://${HOST}:${PORTS.hub}/emulators`);
  const emulators = await response.json();
  return Object.values(emulators)
    .map((info) => info.pid)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** Resolves when `child` prints `pattern`; rejects if it exits or times out. */
function waitForOutput(child, pattern, timeoutMs, description) {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      reject(new Error(`${description} did not start within ${timeoutMs / 1000} s; see .stack/${child.name}`));
    }, timeoutMs);
    const onData = (chunk) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (!pattern.test(seen)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${description} exited with code ${code}; see .stack/${child.name}`));
    });
  });
}

async function waitForHealth() {
  const url = `${FUNCTIONS_URL}/health`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not return 200 within 60 s; see .stack/emulators.log`);
}

/**
 * Creates the demo org and enables its Alleaves integration against the
 * simulator, as an operator would.
 */
async function seedDemoOrg() {
  Object.assign(process.env, OFFLINE_ENV, EMULATOR_ENV);
  const requireFromFunctions = createRequire(join(FUNCTIONS_DIR, "package.json"));
  const { initializeApp, getApps } = requireFromFunctions("firebase-admin/app");
  const { getFirestore } = requireFromFunctions("firebase-admin/firestore");
  const app = getApps().find((candidate) => candidate.name === "stack") ??
    initializeApp({ projectId: PROJECT_ID }, "stack");

  const db = getFirestore(app);
  await db.doc(`orgs/${DEMO_ORG_ID}`).set({ name: "Demo Dispensary" }, { merge: true });
  await db.doc(`orgs/${DEMO_ORG_ID}/integrations/alleaves`).set(
    {
      enabled: true,
      timeZone: "America/Los_Angeles",
      apiBaseUrl: SIMULATOR_API_URL,
      credentialsId: "demo",
    },
    { merge: true },
  );
}

/**
 * Stops every child: SIGINT to its group, a second SIGINT (which makes the
 * Firebase CLI skip waiting for running functions) after STOP_TIMEOUT_MS,
 * then SIGKILL for whatever is left.
 */
async function stopAll(children) {
  const exitedWithin = (child, ms) =>
    Promise.race([
      child.exited.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), ms)),
    ]);

  await Promise.all(
    children.reverse().map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, "SIGINT");
        if (!(await exitedWithin(child, STOP_TIMEOUT_MS))) {
          signalGroup(child, "SIGINT");
          await exitedWithin(child, STOP_TIMEOUT_MS);
        }
      }
      // The group may still hold the functions runtime after the CLI exits,
      // and the emulators it started run in groups of their own.
      signalGroup(child, "SIGKILL");
      for (const pid of child.emulatorPids ?? []) signalProcess(pid, "SIGKILL");
    }),
  );
  children.length = 0;
}

function signalGroup(child, signal) {
  signalProcess(-child.pid, signal);
}

/** Sends a signal to a pid (or a group, when negative) that may be gone. */
function signalProcess(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (error.code !== "ESRCH") throw error;
  }
}
