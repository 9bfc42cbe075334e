/** First hour of business hours in the org's time zone (9:00). */
export const BUSINESS_HOURS_START_HOUR = 9;
/** Hour at which business hours end in the org's time zone (21:00). */
export const BUSINESS_HOURS_END_HOUR = 21;
/** Time without webhooks, inside business hours, that counts as silence. */
export const SILENCE_THRESHOLD_MINUTES = 60;
/** Minutes between runs of the scheduled silence check. */
export const SILENCE_CHECK_INTERVAL_MINUTES = 15;

/**
 * Time zone of the check's schedule, and of orgs whose `timeZone` is missing
 * or invalid. The check logs a warning for each such org, so the document
 * gets fixed.
 */
export const DEFAULT_TIME_ZONE = "America/Los_Angeles";

/** Webhook activity of one enabled org, as the silence check reads it. */
export interface OrgWebhookActivity {
  orgId: string;
  /** When the worker last recorded a webhook, or undefined if never. */
  lastWebhookAt?: Date;
  /**
   * Last write of the integration document, such as enabling it. Silence is
   * counted from here when `lastWebhookAt` is missing.
   */
  integrationUpdatedAt?: Date;
  /** IANA time zone name as stored, which may be missing or invalid. */
  timeZone?: unknown;
}

/** Outcome of the silence check for one org at one time. */
export interface SilenceDecision {
  silent: boolean;
  /** Zone the business hours were checked in. */
  timeZone: string;
  /** True when the org's own `timeZone` was missing or invalid. */
  usedDefaultTimeZone: boolean;
  /** Wall-clock time in `timeZone`, as HH:MM. */
  localTime: string;
  inBusinessHours: boolean;
  /** Start of the quiet period: the last webhook or the integration write. */
  quietSince?: Date;
  /** Minutes from `quietSince` to now, rounded down. */
  quietMinutes?: number;
}

/**
 * Decides whether an org has gone without webhooks for over
 * SILENCE_THRESHOLD_MINUTES inside its business hours at `now`.
 *
 * The whole quiet hour must lie inside business hours. So at 9:30 a webhook
 * from the evening before does not count as silence, and the first possible
 * warning is at 10:00. Without `lastWebhookAt` the quiet period starts at the
 * integration document's last write, and without either the org counts as
 * quiet for ever. An org whose `timeZone` is missing or not an IANA name is
 * checked in DEFAULT_TIME_ZONE.
 */
export function decideWebhookSilence(
  org: OrgWebhookActivity,
  now: Date,
): SilenceDecision {
  const ownTimeZone = isValidTimeZone(org.timeZone) ? org.timeZone : undefined;
  const timeZone = ownTimeZone ?? DEFAULT_TIME_ZONE;
  const { hour, minute } = wallClock(now, timeZone);
  const localTime = `${pad(hour)}:${pad(minute)}`;

  const inBusinessHours =
    hour >= BUSINESS_HOURS_START_HOUR && hour < BUSINESS_HOURS_END_HOUR;
  const minutesSinceOpening =
    (hour - BUSINESS_HOURS_START_HOUR) * 60 + minute;
  const quietSince = org.lastWebhookAt ?? org.integrationUpdatedAt;
  const quietMs =
    quietSince === undefined ? Infinity : now.getTime() - quietSince.getTime();

  const silent =
    inBusinessHours &&
    minutesSinceOpening >= SILENCE_THRESHOLD_MINUTES &&
    quietMs > SILENCE_THRESHOLD_MINUTES * 60_000;

  return {
    silent,
    timeZone,
    usedDefaultTimeZone: ownTimeZone === undefined,
    localTime,
    inBusinessHours,
    quietSince,
    quietMinutes:
      quietSince === undefined ? undefined : Math.floor(quietMs / 60_000),
  };
}

/** Returns whether `value` is a time zone name that Intl accepts. */
export function isValidTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** Returns the hour (0 to 23) and minute of `instant` in `timeZone`. */
function wallClock(
  instant: Date,
  timeZone: string,
): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  }).formatToParts(instant);
  const part = (type: "hour" | "minute") =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
  return { hour: part("hour"), minute: part("minute") };
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
