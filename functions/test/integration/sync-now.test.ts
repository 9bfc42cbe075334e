import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

import { createSimulatorOrg, simulator } from "./stack";

const ROOT = join(__dirname, "..", "..", "..");

/** Mints an ID token in the Auth emulator with `npm run token`'s script. */
async function idToken(orgId: string, role: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    "node",
    [join(ROOT, "tools", "token.mjs"), "--org", orgId, "--role", role],
    { cwd: ROOT },
  );
  return stdout.trim();
}

async function syncNow(orgId: string, token?: string) {
  const response = await fetch(`${process.env.FUNCTIONS_URL}/syncNow/${orgId}`, {
    method: "POST",
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Sync Now on the emulator stack", () => {
  beforeAll(async () => {
    await simulator("DELETE", "/_sim/faults");
  });

  test("missing token gets 401", async () => {
    const orgId = await createSimulatorOrg();

    const response = await syncNow(orgId);

    expect(response.status).toBe(401);
  });

  test("forged token gets 401", async () => {
    const orgId = await createSimulatorOrg();

    const response = await syncNow(orgId, "not.a.token");

    expect(response.status).toBe(401);
  });

  test("admin of another org gets 403", async () => {
    const orgId = await createSimulatorOrg();
    const otherOrg = await createSimulatorOrg();

    const response = await syncNow(orgId, await idToken(otherOrg, "admin"));

    expect(response.status).toBe(403);
  });

  test("non-admin of the org gets 403", async () => {
    const orgId = await createSimulatorOrg();

    const response = await syncNow(orgId, await idToken(orgId, "viewer"));

    expect(response.status).toBe(403);
  });

  test("org admin gets the run summary", async () => {
    const orgId = await createSimulatorOrg();

    const response = await syncNow(orgId, await idToken(orgId, "admin"));

    expect(response.status).toBe(200);
    expect(response.body.status).toBe("succeeded");
    expect(response.body.orgId).toBe(orgId);
    expect((response.body.customers as { written: number }).written).toBeGreaterThan(0);
  }, 60_000);
});
