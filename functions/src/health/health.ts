/** Body of a health response. */
export interface HealthBody {
  status: "ok";
  /** Version of this functions package. */
  version: string;
  /** Cloud Run revision serving the request, or `local` in the emulator. */
  revision: string;
}

/** Returns the status and version body for GET /health. */
export function healthBody(env: NodeJS.ProcessEnv = process.env): HealthBody {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require("../../package.json") as { version: string };
  return { status: "ok", version, revision: env.K_REVISION ?? "local" };
}
