// Serves the Firestore fallback, @firestore-emulator/server, on 127.0.0.1.
// Usage: node firestore-fallback.mjs PORT
import { createRequire } from "node:module";

import { FirestoreServer } from "@firestore-emulator/server";

import { HOST } from "./paths.mjs";

const port = Number(process.argv[2]);
if (!Number.isInteger(port)) {
  process.stderr.write(`firestore-fallback: invalid port ${process.argv[2]}\n`);
  process.exit(2);
}

// The credentials must come from the grpc-js copy the server itself uses.
const requireFromServer = createRequire(
  createRequire(import.meta.url).resolve("@firestore-emulator/server"),
);
const { ServerCredentials } = requireFromServer("@grpc/grpc-js");

const server = new FirestoreServer();
// FirestoreServer.start() listens on every interface; bind loopback only.
// eslint-disable-next-line dot-notation
server["server"].bindAsync(`${HOST}:${port}`, ServerCredentials.createInsecure(), (error) => {
  if (error) {
    process.stderr.write(`firestore-fallback: cannot listen on ${HOST}:${port}: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`firestore-fallback listening on ${HOST}:${port}\n`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.stop();
    process.exit(0);
  });
}
