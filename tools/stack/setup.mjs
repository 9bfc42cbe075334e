// Installs and builds what the local stack needs, so `npm start` and
// `npm test` work on a fresh clone without manual steps.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { ROOT, FUNCTIONS_DIR, log } from "./paths.mjs";

/** Runs a command in the foreground, throwing with its name on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status}`);
  }
}

/**
 * Runs `npm ci` in each package whose node_modules is missing or older than
 * its lockfile.
 */
export function installDependencies() {
  for (const dir of [ROOT, FUNCTIONS_DIR]) {
    const marker = join(dir, "node_modules", ".package-lock.json");
    const lockfile = join(dir, "package-lock.json");
    if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs) {
      continue;
    }
    log(`Installing dependencies in ${dir === ROOT ? "." : "functions"} (npm ci)`);
    run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir });
  }
}

/** Compiles the functions to functions/lib. */
export function buildFunctions() {
  log("Building functions (tsc)");
  run("npm", ["run", "--silent", "build"], { cwd: FUNCTIONS_DIR });
}

/** Path of the local secrets file that the Functions emulator reads. */
export const SECRET_FILE = join(FUNCTIONS_DIR, ".secret.local");

/** Login that the local Alleaves simulator accepts, under credentials id "demo". */
const SIMULATOR_LOGIN = { demo: { username: "demo", password: "demo-password", pin: "1234" } };

/**
 * Creates functions/.secret.local, or adds the keys it lacks: a random
 * webhook secret, no previous secret, and the simulator's API login (base64
 * JSON, so the value needs no quoting). Values are never printed.
 */
export function ensureLocalSecret() {
  const defaults = {
    ALLEAVES_WEBHOOK_SECRET: () => randomBytes(32).toString("hex"),
    ALLEAVES_WEBHOOK_SECRET_PREVIOUS: () => "none",
    ALLEAVES_API_CREDENTIALS: () => Buffer.from(JSON.stringify(SIMULATOR_LOGIN)).toString("base64"),
  };

  const existing = existsSync(SECRET_FILE)
    ? readFileSync(SECRET_FILE, "utf8")
    : "# Local values of the functions' secrets. Git ignores this file.\n";
  const missing = Object.keys(defaults).filter(
    (name) => !existing.split("\n").some((line) => line.startsWith(`${name}=`)),
  );
  if (missing.length === 0) return;

  const separator = existing.endsWith("\n") ? "" : "\n";
  const added = missing.map((name) => `${name}=${defaults[name]()}`).join("\n");
  writeFileSync(SECRET_FILE, `${existing}${separator}${added}\n`, { mode: 0o600 });
  log(`Wrote ${missing.join(", ")} to ${SECRET_FILE}`);
}

/** Reads one key of functions/.secret.local. */
export function readLocalSecret(name = "ALLEAVES_WEBHOOK_SECRET", file = SECRET_FILE) {
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith(`${name}=`));
  if (!line) throw new Error(`${file} has no ${name}= line; delete the file to regenerate it`);
  return line.slice(name.length + 1).trim();
}

/** Returns whether `command` is on the PATH. */
export function hasCommand(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}
