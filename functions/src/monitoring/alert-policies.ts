import type { protos } from "@google-cloud/monitoring";

import { FUNCTION_NAME, METRIC, type LogMetric } from "./log-metrics";
import {
  BUSINESS_HOURS_END_HOUR,
  BUSINESS_HOURS_START_HOUR,
  SILENCE_CHECK_INTERVAL_MINUTES,
  SILENCE_THRESHOLD_MINUTES,
} from "./webhook-silence";

/** An alert policy as the Cloud Monitoring API takes it. */
export type AlertPolicy = protos.google.monitoring.v3.IAlertPolicy;
type Aggregation = protos.google.monitoring.v3.IAggregation;
type ThresholdCondition =
  protos.google.monitoring.v3.AlertPolicy.Condition.IMetricThreshold;

/** User label that identifies each policy across runs of the apply command. */
export const POLICY_KEY_LABEL = "alert_key";

/** Fraction of failed webhooks in an hour above which the ratio policy fires. */
export const FAILURE_RATIO_THRESHOLD = 0.05;
export const FAILURE_RATIO_WINDOW_SECONDS = 60 * 60;

/** Signature failures in the window above which the signature policy fires. */
export const SIGNATURE_FAILURE_THRESHOLD = 10;
export const SIGNATURE_FAILURE_WINDOW_SECONDS = 10 * 60;

/**
 * Window of the silence policy: two silence-check intervals, so one late or
 * missed check neither closes an open incident nor opens a new one.
 */
export const SILENCE_WINDOW_SECONDS = 2 * SILENCE_CHECK_INTERVAL_MINUTES * 60;

/** Minutes between scheduled backup sync runs ("every 30 minutes"). */
export const SYNC_INTERVAL_MINUTES = 30;

/**
 * Window of the sync policy: one and a half sync intervals. Two consecutive
 * scheduled runs fit inside it and two runs with one between them do not, so
 * two failures in the window are two failures in a row.
 *
 * NOTE: a failed Sync Now from the dashboard also logs sync_failed, so it and
 * one failed scheduled run can fire the policy together. The window must
 * change whenever the sync's schedule does.
 */
export const SYNC_FAILURE_WINDOW_SECONDS = (SYNC_INTERVAL_MINUTES * 60 * 3) / 2;

/**
 * Returns the four alert policies, sending notifications to
 * `notificationChannels` (full resource names). Each policy's documentation
 * quotes the filter of the log metric it reads, taken from `metrics`.
 */
export function alertPolicies(
  metrics: LogMetric[],
  notificationChannels: string[] = [],
): AlertPolicy[] {
  const filterOf = (name: string) => {
    const metric = metrics.find((candidate) => candidate.name === name);
    if (!metric?.filter) throw new Error(`log metric ${name} is not defined`);
    return metric.filter;
  };

  const policies = [
    failureRatioPolicy(filterOf(METRIC.failures)),
    signatureFailurePolicy(filterOf(METRIC.signatureFailures)),
    silencePolicy(filterOf(METRIC.silence)),
    syncFailurePolicy(filterOf(METRIC.syncFailures)),
  ];
  return policies.map((policy) => ({
    ...policy,
    combiner: "OR",
    enabled: { value: true },
    notificationChannels,
    alertStrategy: { autoClose: { seconds: AUTO_CLOSE_SECONDS } },
  }));
}

/** Failed webhooks divided by webhook requests, over one hour. */
function failureRatioPolicy(logFilter: string): AlertPolicy {
  const percent = `${FAILURE_RATIO_THRESHOLD * 100} %`;
  return {
    displayName: `Alleaves webhooks: over ${percent} failed in 1 hour`,
    userLabels: { [POLICY_KEY_LABEL]: "webhook_failure_ratio" },
    severity: "ERROR",
    documentation: documentation(
      `More than ${percent} of Alleaves webhooks failed in the last hour`,
      [
        `Failed webhooks divided by all webhook requests over one hour is above ${percent}.`,
        "Failed means every receiver outcome except accepted and test_ping, plus events the worker dead-lettered. " +
          "Duplicates, ignored events and retries that later succeed are not failures.",
        "Group the entries below by `jsonPayload.outcome` to see which kind dominates, " +
          "then follow the README's Troubleshooting section.",
      ],
      logFilter,
    ),
    conditions: [
      {
        displayName: `Failed webhooks / webhook requests > ${FAILURE_RATIO_THRESHOLD} over 1 h`,
        conditionThreshold: {
          ...threshold(
            METRIC.failures,
            sumOver(FAILURE_RATIO_WINDOW_SECONDS),
            FAILURE_RATIO_THRESHOLD,
          ),
          denominatorFilter: metricFilter(METRIC.requests),
          denominatorAggregations: [sumOver(FAILURE_RATIO_WINDOW_SECONDS)],
        },
      },
    ],
  };
}

/** Signature failures across all orgs, over ten minutes. */
function signatureFailurePolicy(logFilter: string): AlertPolicy {
  const count = SIGNATURE_FAILURE_THRESHOLD;
  const minutes = SIGNATURE_FAILURE_WINDOW_SECONDS / 60;
  return {
    displayName: `Alleaves webhooks: over ${count} signature failures in ${minutes} minutes`,
    userLabels: { [POLICY_KEY_LABEL]: "webhook_signature_failures" },
    severity: "WARNING",
    documentation: documentation(
      `More than ${count} Alleaves webhook signature failures in ${minutes} minutes`,
      [
        `The receiver answered 401 to more than ${count} requests in ${minutes} minutes.`,
        "If real Alleaves deliveries fail, the secret in Alleaves and ALLEAVES_WEBHOOK_SECRET differ, " +
          "for example after a rotation done on one side only. " +
          "If the requests come from unknown clients, someone is probing the URL.",
        "`jsonPayload.reason` tells a missing header from a mismatch.",
      ],
      logFilter,
    ),
    conditions: [
      {
        displayName: `Signature failures > ${count} in ${minutes} min`,
        conditionThreshold: threshold(
          METRIC.signatureFailures,
          sumOver(SIGNATURE_FAILURE_WINDOW_SECONDS),
          count,
        ),
      },
    ],
  };
}

/** Silence warnings of the scheduled check, per org. */
function silencePolicy(logFilter: string): AlertPolicy {
  const opening = `${BUSINESS_HOURS_START_HOUR}:00`;
  const closing = `${BUSINESS_HOURS_END_HOUR}:00`;
  const firstWarning = `${BUSINESS_HOURS_START_HOUR + SILENCE_THRESHOLD_MINUTES / 60}:00`;
  return {
    displayName: "Alleaves webhooks: none for 1 hour in business hours",
    userLabels: { [POLICY_KEY_LABEL]: "webhook_silence" },
    severity: "ERROR",
    documentation: documentation(
      "No Alleaves webhooks for org ${metric.label.org_id} for over an hour in its business hours",
      [
        `The scheduled function ${FUNCTION_NAME.silenceCheck} runs every ${SILENCE_CHECK_INTERVAL_MINUTES} minutes. ` +
          `Between ${firstWarning} and ${closing} in the org's \`timeZone\`, it warns about an enabled org ` +
          `whose \`lastWebhookAt\` is over an hour old: a full hour without webhooks inside business hours (${opening} to ${closing}).`,
        "Check that Alleaves still has the webhook configured for this org and that its deliveries succeed, " +
          "then look for the org's receiver entries in the last hours.",
        "The incident closes once the warnings stop.",
      ],
      logFilter,
    ),
    conditions: [
      {
        displayName: "Silence warnings per org > 0",
        conditionThreshold: threshold(
          METRIC.silence,
          sumOver(SILENCE_WINDOW_SECONDS, ["metric.label.org_id"]),
          0,
        ),
      },
    ],
  };
}

/** Sync failures per org, over one and a half sync intervals. */
function syncFailurePolicy(logFilter: string): AlertPolicy {
  const minutes = SYNC_FAILURE_WINDOW_SECONDS / 60;
  return {
    displayName: "Alleaves backup sync: failed twice in a row",
    userLabels: { [POLICY_KEY_LABEL]: "sync_failed_twice" },
    severity: "WARNING",
    documentation: documentation(
      "The Alleaves backup sync failed twice in a row for org ${metric.label.org_id}",
      [
        `The sync logged sync_failed for this org twice within ${minutes} minutes, ` +
          `which at one run every ${SYNC_INTERVAL_MINUTES} minutes means two runs in a row.`,
        "Webhooks may still arrive, but events they missed are not caught up until the sync succeeds. " +
          "`jsonPayload.reason` of the failed entries says why.",
      ],
      logFilter,
    ),
    conditions: [
      {
        displayName: `Sync failures per org > 1 in ${minutes} min`,
        conditionThreshold: threshold(
          METRIC.syncFailures,
          sumOver(SYNC_FAILURE_WINDOW_SECONDS, ["metric.label.org_id"]),
          1,
        ),
      },
    ],
  };
}

/**
 * Seconds without data after which an open incident closes: the minimum that
 * Cloud Monitoring accepts.
 */
const AUTO_CLOSE_SECONDS = 30 * 60;

/** Returns the Monitoring filter of a log-based metric's time series. */
function metricFilter(metricName: string): string {
  return [
    `metric.type="logging.googleapis.com/user/${metricName}"`,
    `resource.type="cloud_run_revision"`,
  ].join(" AND ");
}

/** Sums each series over `seconds`, then across series per `groupBy`. */
function sumOver(seconds: number, groupByFields: string[] = []): Aggregation {
  return {
    alignmentPeriod: { seconds },
    perSeriesAligner: "ALIGN_SUM",
    crossSeriesReducer: "REDUCE_SUM",
    groupByFields,
  };
}

/**
 * Returns a condition that fires while the aggregated metric is above
 * `value`. Log-based metrics write no points while nothing matches, so
 * missing data counts as not firing and lets the incident close.
 */
function threshold(
  metricName: string,
  aggregation: Aggregation,
  value: number,
): ThresholdCondition {
  return {
    filter: metricFilter(metricName),
    aggregations: [aggregation],
    comparison: "COMPARISON_GT",
    thresholdValue: value,
    // Missing-data handling needs a duration of at least 60 s.
    duration: { seconds: 60 },
    trigger: { count: 1 },
    evaluationMissingData: "EVALUATION_MISSING_DATA_INACTIVE",
  };
}

/** Returns Markdown documentation that ends with the counted entries' query. */
function documentation(
  subject: string,
  paragraphs: string[],
  logFilter: string,
): AlertPolicy["documentation"] {
  const content = [
    ...paragraphs,
    "Entries counted (paste into Logs Explorer):",
    "```\n" + logFilter + "\n```",
  ].join("\n\n");
  return { subject, content, mimeType: "text/markdown" };
}
