import { Timestamp, type Firestore } from "firebase-admin/firestore";

import { integrationPath, listEnabledOrgs } from "../orgs/org-config";
import type { Clock } from "../platform/clock";
import { logInfo, logWarn } from "../platform/log";
import {
  decideWebhookSilence,
  DEFAULT_TIME_ZONE,
  SILENCE_CHECK_INTERVAL_MINUTES,
  type SilenceDecision,
} from "./webhook-silence";

/** Cron schedule of the silence check, in DEFAULT_TIME_ZONE. */
export const SILENCE_CHECK_SCHEDULE = `*/${SILENCE_CHECK_INTERVAL_MINUTES} * * * *`;

/** Everything the silence check needs, injected so tests can fix the clock. */
export interface SilenceCheckDependencies {
  db: () => Firestore;
  clock: Clock;
}

/** Result of one run of the silence check. */
export interface SilenceReport {
  /** Decision for each org with an enabled Alleaves integration. */
  decisions: Map<string, SilenceDecision>;
  /** Ids of the orgs found silent, each logged as a warning. */
  silentOrgIds: string[];
}

/**
 * Reads the Alleaves integration of every org and logs a `webhooks_silent`
 * warning for each enabled org that has gone without webhooks for over an
 * hour inside its business hours. The silence alert policy counts those
 * warnings, because Cloud Monitoring has no time-of-day window of its own.
 */
export async function reportWebhookSilence(
  deps: SilenceCheckDependencies,
): Promise<SilenceReport> {
  const now = deps.clock();
  const db = deps.db();
  const report: SilenceReport = { decisions: new Map(), silentOrgIds: [] };

  for (const { orgId, integration, updatedAt } of await listEnabledOrgs(db)) {
    const timeZone: unknown = integration.timeZone;
    const lastWebhookAt = toDate(integration.lastWebhookAt);
    const decision = decideWebhookSilence(
      {
        orgId,
        lastWebhookAt,
        integrationUpdatedAt: updatedAt,
        timeZone,
      },
      now,
    );
    report.decisions.set(orgId, decision);

    if (decision.usedDefaultTimeZone) {
      const problem =
        timeZone === undefined
          ? "has no timeZone"
          : `has timeZone ${JSON.stringify(timeZone)}, which is not an IANA time zone name`;
      logWarn(
        `Org ${orgId} ${problem}, so its business hours are checked in ` +
          `${DEFAULT_TIME_ZONE}; set timeZone in ${integrationPath(orgId)}`,
        { component: "monitor", orgId, reason: "invalid or missing timeZone" },
      );
    }
    if (decision.silent) {
      report.silentOrgIds.push(orgId);
      logWarn(silenceMessage(orgId, decision, lastWebhookAt !== undefined), {
        component: "monitor",
        orgId,
        outcome: "webhooks_silent",
        reason: `local time ${decision.localTime} in ${decision.timeZone}`,
      });
    }
  }

  logInfo(
    `Silence check finished: ${report.decisions.size} enabled orgs checked, ` +
      `${report.silentOrgIds.length} silent`,
    { component: "monitor" },
  );
  return report;
}

/** Converts a Firestore timestamp to a Date, and any other value to undefined. */
function toDate(value: unknown): Date | undefined {
  return value instanceof Timestamp ? value.toDate() : undefined;
}

function silenceMessage(
  orgId: string,
  decision: SilenceDecision,
  hasLastWebhook: boolean,
): string {
  const minutes = `${decision.quietMinutes} min`;
  if (hasLastWebhook) {
    return (
      `No webhook for org ${orgId} since ` +
      `${decision.quietSince?.toISOString()} (${minutes}) in its business hours`
    );
  }
  if (decision.quietSince) {
    return (
      `No webhook recorded for org ${orgId} since its integration was ` +
      `last written at ${decision.quietSince.toISOString()} (${minutes})`
    );
  }
  return `No webhook recorded for org ${orgId}`;
}
