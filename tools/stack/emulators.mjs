// Chooses, for Firestore and Pub/Sub, between the official emulator that
// firebase-tools downloads and the offline fallback, and prepares the choice.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

import { PROJECT_ID, ROOT, STATE_DIR, log } from "./paths.mjs";
import { hasCommand, run } from "./setup.mjs";

const FIREBASE_BIN = join(ROOT, "node_modules", ".bin", "firebase");
const EMULATOR_CACHE = join(homedir(), ".cache", "firebase", "emulators");
const CACHED_FILE_PATTERNS = {
  firestore: /^cloud-firestore-emulator-v[\d.]+\.jar$/,
  pubsub: /^pubsub-emulator-[\d.]+$/,
};

/** Environment that keeps firebase-tools and Google clients off the network. */
export const OFFLINE_ENV = {
  // Stops the CLI's update check and message fetch.
  CI: "1",
  // Stops Google client libraries probing for a metadata server.
  METADATA_SERVER_DETECTION: "none",
};

/**
 * Returns "official" when firebase-tools has the emulator cached or can
 * download it now, else "fallback". FIREBASE_EMULATORS=fallback forces the
 * fallback, for testing it on a connected machine.
 */
export function chooseEmulator(name) {
  if (process.env.FIREBASE_EMULATORS === "fallback") return "fallback";
  if (isCached(name)) return "official";

  log(`Downloading the official ${name} emulator (firebase setup:emulators:${name})`);
  const result = spawnSync(FIREBASE_BIN, [`setup:emulators:${name}`, "--project", PROJECT_ID], {
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: "ignore",
    timeout: 180_000,
  });
  if (result.status === 0 && isCached(name)) return "official";

  log(`The official ${name} emulator cannot be downloaded here; using the offline fallback`);
  return "fallback";
}

function isCached(name) {
  if (!existsSync(EMULATOR_CACHE)) return false;
  return readdirSync(EMULATOR_CACHE).some((file) => CACHED_FILE_PATTERNS[name].test(file));
}

const PSTEST_SOURCE = "/usr/share/gocode/src/cloud.google.com/go/pubsub/pstest/fake.go";
const PUBSUB_FALLBACK_SOURCE = join(ROOT, "tools", "pubsub-fallback", "main.go");
const PUBSUB_FALLBACK_BINARY = join(STATE_DIR, "bin", "pubsub-fallback");

/**
 * Builds the Pub/Sub fallback: Google's fake server pstest from Debian's
 * golang-google-cloud-dev, served by tools/pubsub-fallback. Installs the
 * Debian packages first when they are missing. Returns the binary's path.
 */
export function buildPubsubFallback() {
  if (!hasCommand("go") || !existsSync(PSTEST_SOURCE)) installGoPackages();

  const upToDate =
    existsSync(PUBSUB_FALLBACK_BINARY) &&
    statSync(PUBSUB_FALLBACK_BINARY).mtimeMs >= statSync(PUBSUB_FALLBACK_SOURCE).mtimeMs;
  if (upToDate) return PUBSUB_FALLBACK_BINARY;

  log("Building the Pub/Sub fallback (go build, about 20 s the first time)");
  mkdirSync(join(STATE_DIR, "bin"), { recursive: true });
  run("go", ["build", "-o", PUBSUB_FALLBACK_BINARY, "."], {
    cwd: join(ROOT, "tools", "pubsub-fallback"),
    // Debian installs Go libraries into a GOPATH tree, not as modules.
    env: { ...process.env, GO111MODULE: "off", GOPATH: "/usr/share/gocode", GOFLAGS: "" },
  });
  return PUBSUB_FALLBACK_BINARY;
}

function installGoPackages() {
  const packages = ["golang-go", "golang-google-cloud-dev"];
  if (process.getuid?.() !== 0 || !hasCommand("apt-get")) {
    throw new Error(
      `The Pub/Sub fallback needs Debian's ${packages.join(" and ")}. ` +
        `Install them (sudo apt-get install -y ${packages.join(" ")}) and run again.`,
    );
  }
  log(`Installing ${packages.join(", ")} with apt-get`);
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
