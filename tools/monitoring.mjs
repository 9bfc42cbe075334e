// `npm run monitoring:plan|monitoring:apply -- --project ID`: prints the
// log-based metrics and alert policies of functions/src/monitoring as JSON,
// or creates and updates them in a Google Cloud project.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { FUNCTIONS_DIR, ROOT } from "./stack/paths.mjs";

const USAGE = `Usage: npm run --silent monitoring:plan -- --project ID [--notification-channel NAME ...]
       npm run monitoring:apply -- --project ID [--notification-channel NAME ...]

plan   prints the log-based metrics and alert policies for the project as JSON.
       It needs no credentials and no network.
apply  creates them in the project, or updates those that exist: metrics by
       name, alert policies by their alert_key user label or display name.
       It uses Application Default Credentials
       (gcloud auth application-default login).

Options:
  --project ID                  Google Cloud project id (required)
  --notification-channel NAME   channel that every policy notifies, as
                                projects/ID/notificationChannels/N or N; repeat
                                for several. Without it, apply keeps the
                                channels that existing policies have.
  --help                        print this help`;

const COMMANDS = ["plan", "apply"];

function fail(message) {
  process.stderr.write(`monitoring: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      project: { type: "string" },
      "notification-channel": { type: "string", multiple: true, default: [] },
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

const [command, ...extra] = positionals;
if (!COMMANDS.includes(command)) fail(`unknown command ${JSON.stringify(command ?? "")}; use plan or apply`);
if (extra.length > 0) fail(`unexpected argument ${JSON.stringify(extra[0])}`);
if (!values.project) fail("missing --project ID");

prepareFunctions();
const requireFromLib = createRequire(join(FUNCTIONS_DIR, "lib", "monitoring", "plan.js"));
const { InvalidPlanArgumentError, monitoringPlan } = requireFromLib("./plan.js");

let plan;
try {
  plan = monitoringPlan({
    project: values.project,
    notificationChannels: values["notification-channel"],
  });
} catch (error) {
  if (error instanceof InvalidPlanArgumentError) fail(error.message);
  throw error;
}

if (command === "plan") {
  process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  process.exit(0);
}

const { applyMonitoring } = requireFromLib("./apply.js");
const { googleMonitoringApi } = requireFromLib("./google-api.js");
const api = googleMonitoringApi(plan.project);
try {
  const summary = await applyMonitoring(plan, api, (line) => process.stdout.write(`monitoring: ${line}\n`));
  process.stdout.write(
    `monitoring: project ${plan.project}: ${summary.created} created, ${summary.updated} updated\n`,
  );
} catch (error) {
  process.stderr.write(
    `monitoring: apply to project ${plan.project} failed: ${error.message}\n` +
      "Check the credentials (gcloud auth application-default login) and that they may edit " +
      "log-based metrics and alert policies. A policy on a metric created moments ago can be " +
      "rejected until the metric is visible; running apply again is safe.\n",
  );
  process.exitCode = 1;
} finally {
  await api.close();
}

/**
 * Installs and builds the functions as `npm test` does. It runs in a child
 * whose output goes to stderr, so stdout carries only the plan's JSON.
 */
function prepareFunctions() {
  const setup = pathToFileURL(join(ROOT, "tools", "stack", "setup.mjs")).href;
  const script = [
    `import { buildFunctions, installDependencies } from ${JSON.stringify(setup)};`,
    "installDependencies();",
    "buildFunctions();",
  ].join("\n");
  const result = spawnSync(process.execPath, ["--input-type=module", "--eval", script], {
    stdio: ["ignore", 2, 2],
  });
  if (result.status !== 0) {
    process.stderr.write("monitoring: installing or building the functions failed; see the output above\n");
    process.exit(1);
  }
}
