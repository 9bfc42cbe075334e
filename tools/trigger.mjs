// `npm run trigger -- <functionName>`: runs a scheduled function in the
// running stack once, because the Functions emulator never fires schedules.
import { FUNCTIONS_URL, HOST, PORTS, PROJECT_ID, REGION } from "./stack/paths.mjs";

const USAGE = "Usage: npm run trigger -- <functionName>   (for example scheduledSync)";
const name = process.argv[2];
if (!name || name.startsWith("-")) {
  process.stderr.write(`trigger: missing function name\n${USAGE}\n`);
  process.exit(2);
}

const emulator = `http://${HOST}:${PORTS.functions}`;
let backends;
try {
  backends = (await (await fetch(`${emulator}/backends`)).json()).backends;
} catch (error) {
  process.stderr.write(`trigger: the Functions emulator at ${emulator} did not respond (${error.cause?.message ?? error.message}); is npm start running?\n`);
  process.exit(1);
}

const triggers = backends.flatMap((backend) => backend.functionTriggers ?? []);
const id = `${REGION}-${name}`;
const trigger = triggers.find((candidate) => candidate.id === id);
if (!trigger) {
  const names = triggers.map((candidate) => candidate.entryPoint ?? candidate.name).join(", ");
  process.stderr.write(`trigger: no function ${name} in the running stack; it has: ${names}\n`);
  process.exit(1);
}
if (!trigger.schedule) {
  process.stderr.write(`trigger: ${name} is not a scheduled function; call it at ${FUNCTIONS_URL}/${name} or through its trigger\n`);
  process.exit(1);
}

// The emulator keys triggers as <region>-<name>-<generation>, where the
// generation grows each time it reloads the functions after a rebuild.
for (let generation = 0; generation < 100; generation += 1) {
  const url = `${emulator}/functions/projects/${PROJECT_ID}/triggers/${id}-${generation}`;
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  if (response.status === 404) continue;

  const text = await response.text();
  process.stdout.write(`${response.status} ${response.statusText} ${name}\n${text}\n`);
  process.exit(response.ok ? 0 : 1);
}
process.stderr.write(`trigger: the emulator did not accept ${id}; see .stack/emulators.log\n`);
process.exit(1);
