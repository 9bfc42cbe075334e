import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

import { reportWebhookSilence } from "../../src/monitoring/report-webhook-silence";
import { DEFAULT_TIME_ZONE } from "../../src/monitoring/webhook-silence";
import { createOrg, db } from "./stack";

const HOUR = 60 * 60 * 1000;
const ROOT = join(__dirname, "..", "..", "..");

/**
 * Returns an Etc/GMT zone in which `instant` falls at local hour `hour`, so a
 * test can place an org inside or outside business hours at any real time.
 */
function zoneAtLocalHour(instant: Date, hour: number): string {
  let offset = hour - instant.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  if (offset === 0) return "Etc/GMT";
  // Etc/GMT names invert the sign: Etc/GMT-5 is UTC+5.
  return `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

/**
 * Creates an org with its `orgs/{orgId}` document, which the check lists, and
 * merges `integration` into its enabled Alleaves integration.
 */
async function createCheckedOrg(integration: Record<string, unknown>): Promise<string> {
  const orgId = await createOrg();
  await db().doc(`orgs/${orgId}`).set({ name: orgId }, { merge: true });
  await db().doc(`orgs/${orgId}/integrations/alleaves`).set(integration, { merge: true });
  return orgId;
}

/** Runs the check with the clock fixed at `now`. */
function checkAt(now: Date) {
  return reportWebhookSilence({ db, clock: () => now });
}

describe("reportWebhookSilence on the emulator stack", () => {
  test("stale org in business hours is silent", async () => {
    const now = new Date();
    const orgId = await createCheckedOrg({
      timeZone: zoneAtLocalHour(now, 12),
      lastWebhookAt: new Date(now.getTime() - 2 * HOUR),
    });

    const report = await checkAt(now);

    expect(report.silentOrgIds).toContain(orgId);
    expect(report.decisions.get(orgId)?.quietMinutes).toBe(120);
  });

  test("recent webhook is not silent", async () => {
    const now = new Date();
    const orgId = await createCheckedOrg({
      timeZone: zoneAtLocalHour(now, 12),
      lastWebhookAt: new Date(now.getTime() - 5 * 60 * 1000),
    });

    const report = await checkAt(now);

    expect(report.decisions.get(orgId)?.silent).toBe(false);
    expect(report.silentOrgIds).not.toContain(orgId);
  });

  test("stale org at night is not silent", async () => {
    const now = new Date();
    const orgId = await createCheckedOrg({
      timeZone: zoneAtLocalHour(now, 3),
      lastWebhookAt: new Date(now.getTime() - 6 * HOUR),
    });

    const report = await checkAt(now);

    expect(report.decisions.get(orgId)?.inBusinessHours).toBe(false);
    expect(report.silentOrgIds).not.toContain(orgId);
  });

  test("disabled org is not checked", async () => {
    const now = new Date();
    const orgId = await createCheckedOrg({
      enabled: false,
      timeZone: zoneAtLocalHour(now, 12),
      lastWebhookAt: new Date(now.getTime() - 2 * HOUR),
    });

    const report = await checkAt(now);

    expect(report.decisions.has(orgId)).toBe(false);
  });

  test("org without integration is not checked", async () => {
    const orgId = `test-bare-${Date.now()}`;
    await db().doc(`orgs/${orgId}`).set({ name: orgId });

    const report = await checkAt(new Date());

    expect(report.decisions.has(orgId)).toBe(false);
  });

  test("never-used integration gets an hour", async () => {
    const later = new Date(Date.now() + 2 * HOUR);
    const orgId = await createCheckedOrg({ timeZone: zoneAtLocalHour(later, 12) });
    const writtenAt = (await db().doc(`orgs/${orgId}/integrations/alleaves`).get()).updateTime!.toDate();

    const fresh = await checkAt(new Date(writtenAt.getTime() + 30 * 60 * 1000));
    const stale = await checkAt(later);

    expect(fresh.silentOrgIds).not.toContain(orgId);
    expect(stale.silentOrgIds).toContain(orgId);
    expect(stale.decisions.get(orgId)?.quietSince?.getTime()).toBe(writtenAt.getTime());
  });

  test("non-timestamp lastWebhookAt counts as missing", async () => {
    const orgId = await createCheckedOrg({
      timeZone: zoneAtLocalHour(new Date(), 12),
      lastWebhookAt: "2020-01-01T00:00:00Z",
    });
    const writtenAt = (await db().doc(`orgs/${orgId}/integrations/alleaves`).get()).updateTime!.toDate();

    const report = await checkAt(new Date());

    // The quiet period starts at the integration write moments ago.
    expect(report.decisions.get(orgId)?.quietSince?.getTime()).toBe(writtenAt.getTime());
    expect(report.decisions.get(orgId)?.silent).toBe(false);
  });

  test("invalid time zone uses default", async () => {
    const now = new Date();
    const orgId = await createCheckedOrg({
      timeZone: "Mars/Olympus_Mons",
      lastWebhookAt: new Date(now.getTime() - 2 * HOUR),
    });

    const report = await checkAt(now);

    expect(report.decisions.get(orgId)?.timeZone).toBe(DEFAULT_TIME_ZONE);
    expect(report.decisions.get(orgId)?.usedDefaultTimeZone).toBe(true);
  });

  test("scheduled function runs in emulator", async () => {
    const now = new Date();
    await createCheckedOrg({
      timeZone: zoneAtLocalHour(now, 12),
      lastWebhookAt: new Date(now.getTime() - 2 * HOUR),
    });

    // The Functions emulator never fires schedules; `npm run trigger` runs one.
    // Its warning for this org reaches .stack/emulators.log only after jest
    // exits, because `npm test` copies the emulator output there and waits for
    // jest meanwhile. The log contract tests check that entry.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, "tools", "trigger.mjs"), "checkWebhookSilence"],
      { cwd: ROOT, timeout: 20_000 },
    );

    expect(stdout).toMatch(/^200 /);
  });
});
