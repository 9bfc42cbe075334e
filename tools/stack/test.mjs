// `npm test`: builds, lints, runs the unit tests, then starts the emulator
// stack, runs the integration tests against it and stops it again.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

import { FUNCTIONS_DIR, FUNCTIONS_URL, STATE_DIR, log } from "./paths.mjs";
import { buildFunctions, installDependencies, run } from "./setup.mjs";
import { EMULATOR_ENV, startStack } from "./stack.mjs";

/** Runs one jest config and returns its exit code and counts. */
function runJest(config, env, name) {
  const resultFile = join(STATE_DIR, `jest-${name}.json`);
  rmSync(resultFile, { force: true });
  const result = spawnSync(
    "npx",
    ["jest", "--config", config, "--silent", "--json", `--outputFile=${resultFile}`],
    { cwd: FUNCTIONS_DIR, env: { ...process.env, ...env }, stdio: "inherit" },
  );
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(resultFile)) {
    const summary = JSON.parse(readFileSync(resultFile, "utf8"));
    counts.passed = summary.numPassedTests;
    counts.failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
    counts.skipped = summary.numPendingTests + summary.numTodoTests;
  } else {
    counts.failed = 1;
  }
  return { code: result.status ?? 1, counts };
}

async function main() {
  mkdirSync(STATE_DIR, { recursive: true });
  installDependencies();
  buildFunctions();
  log("Linting functions (eslint)");
  run("npm", ["run", "--silent", "lint"], { cwd: FUNCTIONS_DIR });

  log("Running unit tests");
  const unit = runJest("jest.unit.config.js", {}, "unit");

  log("Starting the emulator stack for the integration tests");
  const stack = await startStack();
  let integration;
  try {
    log("Running integration tests");
    integration = runJest(
      "jest.integration.config.js",
      { ...EMULATOR_ENV, STACK_RUNNING: "1", FUNCTIONS_URL, STACK_FIRESTORE: stack.firestore },
      "integration",
    );
  } finally {
    await stack.stop();
    log("Stack stopped");
  }

  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const { counts } of [unit, integration]) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  process.exit(unit.code !== 0 || integration.code !== 0 ? 1 : 0);
}

main().catch((error) => {
  log(`npm test failed: ${error.message}`);
  process.exit(1);
});
