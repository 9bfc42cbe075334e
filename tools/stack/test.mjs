// `npm test`: builds, lints, runs the unit tests, then starts the emulator
// stack, runs the integration tests against it, checks the log-based metric
// filters against the entries the functions logged, and stops it again.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

import { FUNCTIONS_DIR, FUNCTIONS_URL, STATE_DIR, log } from "./paths.mjs";
import { buildFunctions, installDependencies, run } from "./setup.mjs";
import { OFFLINE_ENV } from "./emulators.mjs";
import { EMULATOR_ENV, startStack } from "./stack.mjs";

/**
 * Runs one jest config and resolves with its exit code and counts. It runs
 * asynchronously because this process reads the emulators' output pipes: a
 * blocked event loop would let those pipes fill and stall the emulators.
 */
async function runJest(config, env, name) {
  const resultFile = join(STATE_DIR, `jest-${name}.json`);
  rmSync(resultFile, { force: true });
  const child = spawn(
    "npx",
    ["jest", "--config", config, "--silent", "--json", `--outputFile=${resultFile}`],
    { cwd: FUNCTIONS_DIR, env: { ...process.env, ...env }, stdio: "inherit" },
  );
  const code = await new Promise((resolve) => {
    child.once("error", () => resolve(1));
    child.once("exit", (exitCode) => resolve(exitCode ?? 1));
  });
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(resultFile)) {
    const summary = JSON.parse(readFileSync(resultFile, "utf8"));
    counts.passed = summary.numPassedTests;
    counts.failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
    counts.skipped = summary.numPendingTests + summary.numTodoTests;
  } else {
    counts.failed = 1;
  }
  return { code, counts };
}

/**
 * Resolves once `file` has stopped growing, or after 10 s, so the log contains
 * the entries of the last functions the integration tests ran.
 */
async function waitUntilFileSettles(file) {
  let size = -1;
  for (let check = 0; check < 50; check += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const current = statSync(file).size;
    if (current === size) return;
    size = current;
  }
}

async function main() {
  mkdirSync(STATE_DIR, { recursive: true });
  installDependencies();
  buildFunctions();
  log("Linting functions (eslint)");
  run("npm", ["run", "--silent", "lint"], { cwd: FUNCTIONS_DIR });

  log("Running unit tests");
  const unit = await runJest("jest.unit.config.js", {}, "unit");

  log("Starting the emulator stack for the integration tests");
  const stack = await startStack();
  let integration;
  let logs;
  try {
    log("Running integration tests");
    integration = await runJest(
      "jest.integration.config.js",
      {
        ...OFFLINE_ENV,
        ...EMULATOR_ENV,
        STACK_RUNNING: "1",
        FUNCTIONS_URL,
        STACK_FIRESTORE: stack.firestore,
      },
      "integration",
    );
    log("Checking log-based metric filters against the functions' log entries");
    const logFile = join(STATE_DIR, "emulators.log");
    await waitUntilFileSettles(logFile);
    logs = await runJest("jest.logs.config.js", { STACK_LOG_FILE: logFile }, "logs");
  } finally {
    await stack.stop();
    log("Stack stopped");
  }

  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const { counts } of [unit, integration, logs]) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  process.exit(unit.code !== 0 || integration.code !== 0 || logs.code !== 0 ? 1 : 0);
}

main().catch((error) => {
  log(`npm test failed: ${error.message}`);
  process.exit(1);
});
