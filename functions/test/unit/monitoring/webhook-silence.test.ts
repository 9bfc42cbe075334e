import {
  decideWebhookSilence,
  DEFAULT_TIME_ZONE,
  isValidTimeZone,
  type OrgWebhookActivity,
} from "../../../src/monitoring/webhook-silence";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Returns the activity of an org whose last webhook was `ago` ms before `now`. */
function lastWebhook(
  now: Date,
  ago: number,
  timeZone: unknown = "America/Los_Angeles",
): OrgWebhookActivity {
  return { orgId: "acme", lastWebhookAt: new Date(now.getTime() - ago), timeZone };
}

describe("decideWebhookSilence", () => {
  // 2026-12-04 is in Pacific Standard Time (UTC-8): 20:00Z is 12:00 local.
  const noonInLosAngeles = new Date("2026-12-04T20:00:00Z");

  test("silent after two quiet hours", () => {
    const decision = decideWebhookSilence(lastWebhook(noonInLosAngeles, 2 * HOUR), noonInLosAngeles);

    expect(decision.silent).toBe(true);
    expect(decision.localTime).toBe("12:00");
    expect(decision.timeZone).toBe("America/Los_Angeles");
    expect(decision.usedDefaultTimeZone).toBe(false);
    expect(decision.quietMinutes).toBe(120);
  });

  test("quiet after a recent webhook", () => {
    const decision = decideWebhookSilence(lastWebhook(noonInLosAngeles, 10 * MINUTE), noonInLosAngeles);

    expect(decision.silent).toBe(false);
    expect(decision.inBusinessHours).toBe(true);
  });

  test("exactly one hour is not silence", () => {
    const decision = decideWebhookSilence(lastWebhook(noonInLosAngeles, HOUR), noonInLosAngeles);

    expect(decision.silent).toBe(false);
  });

  test("one hour and a minute is silence", () => {
    const decision = decideWebhookSilence(lastWebhook(noonInLosAngeles, HOUR + MINUTE), noonInLosAngeles);

    expect(decision.silent).toBe(true);
  });

  test.each([
    ["08:59", "2026-12-04T16:59:00Z", false, false],
    ["09:00", "2026-12-04T17:00:00Z", true, false],
    ["09:59", "2026-12-04T17:59:00Z", true, false],
    ["10:00", "2026-12-04T18:00:00Z", true, true],
    ["20:59", "2026-12-05T04:59:00Z", true, true],
    ["21:00", "2026-12-05T05:00:00Z", false, false],
    ["03:00", "2026-12-05T11:00:00Z", false, false],
  ])(
    "at %s local after an overnight gap",
    (localTime, instant, inBusinessHours, silent) => {
      const now = new Date(instant);
      // The last webhook came at 20:00 local the evening before.
      const decision = decideWebhookSilence(
        { orgId: "acme", lastWebhookAt: new Date("2026-12-04T04:00:00Z"), timeZone: "America/Los_Angeles" },
        now,
      );

      expect(decision.localTime).toBe(localTime);
      expect(decision.inBusinessHours).toBe(inBusinessHours);
      expect(decision.silent).toBe(silent);
    },
  );

  test("far east zone uses its own day", () => {
    // Pacific/Kiritimati is UTC+14: 20:00Z on Dec 4 is 10:00 on Dec 5 there,
    // while Los Angeles is at noon of Dec 4.
    const now = new Date("2026-12-04T20:00:00Z");
    const kiritimati = decideWebhookSilence(lastWebhook(now, 3 * HOUR, "Pacific/Kiritimati"), now);

    expect(kiritimati.localTime).toBe("10:00");
    expect(kiritimati.silent).toBe(true);
  });

  test("far east zone is closed at UTC noon", () => {
    // 12:00Z is 02:00 the next day in Pacific/Kiritimati.
    const now = new Date("2026-12-04T12:00:00Z");
    const decision = decideWebhookSilence(lastWebhook(now, 3 * HOUR, "Pacific/Kiritimati"), now);

    expect(decision.localTime).toBe("02:00");
    expect(decision.silent).toBe(false);
  });

  test("half-hour offset zone", () => {
    // Asia/Kolkata is UTC+5:30: 04:30Z is 10:00 there.
    const now = new Date("2026-12-04T04:30:00Z");
    const kolkata = decideWebhookSilence(lastWebhook(now, 2 * HOUR, "Asia/Kolkata"), now);
    const losAngeles = decideWebhookSilence(lastWebhook(now, 2 * HOUR), now);

    expect(kolkata.localTime).toBe("10:00");
    expect(kolkata.silent).toBe(true);
    expect(losAngeles.localTime).toBe("20:30");
    expect(losAngeles.silent).toBe(true);
  });

  test("daylight saving time shifts the hours", () => {
    // US daylight saving time starts on 2026-03-08. At 17:30Z Los Angeles is
    // at 09:30 PST on Saturday but at 10:30 PDT on Monday.
    const saturday = new Date("2026-03-07T17:30:00Z");
    const monday = new Date("2026-03-09T17:30:00Z");

    const before = decideWebhookSilence(lastWebhook(saturday, 3 * HOUR), saturday);
    const after = decideWebhookSilence(lastWebhook(monday, 3 * HOUR), monday);

    expect(before.localTime).toBe("09:30");
    expect(before.silent).toBe(false);
    expect(after.localTime).toBe("10:30");
    expect(after.silent).toBe(true);
  });

  test("missing lastWebhookAt counts from integration write", () => {
    const recent = decideWebhookSilence(
      { orgId: "acme", integrationUpdatedAt: new Date(noonInLosAngeles.getTime() - 30 * MINUTE), timeZone: "America/Los_Angeles" },
      noonInLosAngeles,
    );
    const old = decideWebhookSilence(
      { orgId: "acme", integrationUpdatedAt: new Date(noonInLosAngeles.getTime() - 2 * HOUR), timeZone: "America/Los_Angeles" },
      noonInLosAngeles,
    );

    expect(recent.silent).toBe(false);
    expect(recent.quietMinutes).toBe(30);
    expect(old.silent).toBe(true);
    expect(old.quietMinutes).toBe(120);
  });

  test("no timestamps at all is silence", () => {
    const decision = decideWebhookSilence({ orgId: "acme", timeZone: "America/Los_Angeles" }, noonInLosAngeles);

    expect(decision.silent).toBe(true);
    expect(decision.quietSince).toBeUndefined();
    expect(decision.quietMinutes).toBeUndefined();
  });

  test("webhook from the future is not silence", () => {
    const decision = decideWebhookSilence(lastWebhook(noonInLosAngeles, -5 * MINUTE), noonInLosAngeles);

    expect(decision.silent).toBe(false);
  });

  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["unknown name", "Mars/Olympus_Mons"],
    ["number", -8],
  ])("%s time zone falls back to default", (_case, timeZone) => {
    // 18:00Z is 10:00 in Los Angeles but 03:00 in Tokyo, so the fallback
    // decides the result.
    const now = new Date("2026-12-04T18:00:00Z");
    const decision = decideWebhookSilence(
      { orgId: "acme", lastWebhookAt: new Date(now.getTime() - 2 * HOUR), timeZone },
      now,
    );

    expect(decision.timeZone).toBe(DEFAULT_TIME_ZONE);
    expect(decision.usedDefaultTimeZone).toBe(true);
    expect(decision.localTime).toBe("10:00");
    expect(decision.silent).toBe(true);
  });

  test("valid zone outside its hours", () => {
    const now = new Date("2026-12-04T18:00:00Z");
    const decision = decideWebhookSilence(lastWebhook(now, 2 * HOUR, "Asia/Tokyo"), now);

    expect(decision.usedDefaultTimeZone).toBe(false);
    expect(decision.localTime).toBe("03:00");
    expect(decision.silent).toBe(false);
  });
});

describe("isValidTimeZone", () => {
  test.each(["America/Los_Angeles", "Asia/Kolkata", "UTC", "Etc/GMT-14"])("accepts %p", (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  test.each([undefined, null, "", "  ", "Mars/Olympus_Mons", 5, {}])("rejects %p", (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
