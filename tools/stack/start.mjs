// `npm start`: runs the local stack until Ctrl-C.
import { log, SIMULATOR_API_URL } from "./paths.mjs";
import { startStack } from "./stack.mjs";

/** Emulator output worth showing: function logs, warnings and errors. */
const ECHO_PATTERN = /\[WEBHOOK\]|\[SYNC\]|\[MONITOR\]|Error:|✖/;

let stack;
let stopping = false;

async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal} received; stopping the stack`);
  await stack?.stop();
  log("Stopped");
  process.exit(0);
}

process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));

try {
  stack = await startStack({ echo: (line) => ECHO_PATTERN.test(line) });
  if (stopping) await stack.stop();
  else log(`Ready: webhook URL ${stack.webhookUrl} (Alleaves simulator ${SIMULATOR_API_URL}; Ctrl-C stops the stack)`);
} catch (error) {
  log(`Failed to start: ${error.message}`);
  process.exit(1);
}
