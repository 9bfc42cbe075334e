import type { protos } from "@google-cloud/logging";

import {
  LOG_FIELD,
  outcomesOf,
  type LogFields,
  type Outcome,
} from "../platform/log";
import {
  allOf,
  anyOf,
  CLOUD_RUN_RESOURCE,
  equals,
  equalsAny,
  fromFunction,
  payloadField,
} from "./logging-filter";

/** A log-based metric as the Cloud Logging API takes it. */
export type LogMetric = protos.google.logging.v2.ILogMetric;

/** Export names, in index.ts, of the functions whose entries the metrics count. */
export const FUNCTION_NAME = {
  receiver: "alleavesWebhook",
  worker: "processWebhookEvent",
  silenceCheck: "checkWebhookSilence",
} as const;

/** Ids of the log-based metrics, unique within the project. */
export const METRIC = {
  requests: "alleaves_webhook_requests",
  failures: "alleaves_webhook_failures",
  signatureFailures: "alleaves_webhook_signature_failures",
  processingFailures: "alleaves_webhook_processing_failures",
  syncFailures: "alleaves_sync_failures",
  silence: "alleaves_webhook_silence",
} as const;

/** Receiver outcomes of a webhook that was handled as intended. */
export const SUCCESSFUL_REQUEST_OUTCOMES: readonly Outcome[] = [
  "accepted",
  "test_ping",
];

/**
 * Receiver outcomes that count as a failed webhook in the failure ratio:
 * every receiver outcome except accepted and test_ping. A rejected signature,
 * unknown org or rate limit counts too, because a misconfigured sender causes
 * them as often as abuse does. A new receiver outcome counts as a failure
 * until it is listed as successful.
 */
export const FAILED_REQUEST_OUTCOMES: readonly Outcome[] = outcomesOf(
  "receiver",
).filter((outcome) => !SUCCESSFUL_REQUEST_OUTCOMES.includes(outcome));

/**
 * Worker outcomes that count as a failed webhook in the failure ratio: only
 * dead_lettered, the final failure of an accepted event. retrying is left
 * out because the event may still succeed, and dropped because the message
 * did not come from a webhook request.
 */
export const FAILED_EVENT_OUTCOMES: readonly Outcome[] = ["dead_lettered"];

/** Worker outcomes that leave the event applied or rightly skipped. */
export const SUCCESSFUL_EVENT_OUTCOMES: readonly Outcome[] = [
  "processed",
  "duplicate",
  "ignored",
];

/**
 * Worker outcomes of a processing failure: retrying, dead_lettered and
 * dropped, and any new worker outcome until it is listed as successful.
 */
export const PROCESSING_FAILURE_OUTCOMES: readonly Outcome[] = outcomesOf(
  "worker",
).filter((outcome) => !SUCCESSFUL_EVENT_OUTCOMES.includes(outcome));

/** A metric label and the entry field it is extracted from. */
interface Label {
  key: string;
  field: keyof LogFields;
  description: string;
}

// NOTE: for rejected_signature and unknown_org entries, orgId is the unverified
// URL path segment, so a scan of random paths adds one org_id time series per
// path. Cloud Logging caps the active time series of a log-based metric, so
// such a scan could exhaust the cap.
const ORG_LABEL: Label = {
  key: "org_id",
  field: LOG_FIELD.orgId,
  description: "Org id from the webhook URL or the Pub/Sub message.",
};
const EVENT_LABEL: Label = {
  key: "event",
  field: LOG_FIELD.event,
  description: "Alleaves event type, empty before the body is parsed.",
};
const OUTCOME_LABEL: Label = {
  key: "outcome",
  field: LOG_FIELD.outcome,
  description: "Outcome field of the entry.",
};
const REASON_LABEL: Label = {
  key: "reason",
  field: LOG_FIELD.reason,
  description: "Why the signature was rejected: missing header or mismatch.",
};

/** Returns a counter metric of the entries that match `filter`. */
function counter(
  name: string,
  description: string,
  filter: string,
  labels: Label[],
): LogMetric {
  const labelExtractors: Record<string, string> = {};
  for (const label of labels) {
    labelExtractors[label.key] = `EXTRACT(${payloadField(label.field)})`;
  }

  return {
    name,
    description,
    filter,
    metricDescriptor: {
      metricKind: "DELTA",
      valueType: "INT64",
      unit: "1",
      labels: labels.map((label) => ({
        key: label.key,
        valueType: "STRING",
        description: label.description,
      })),
    },
    labelExtractors,
  };
}

const component = (name: LogFields["component"]) =>
  equals(payloadField(LOG_FIELD.component), name);
const outcomeIn = (outcomes: readonly Outcome[]) =>
  equalsAny(payloadField(LOG_FIELD.outcome), outcomes);

/**
 * Returns the log-based metrics that the alert policies read, with filters
 * built from the field names and outcomes of platform/log.ts.
 */
export function logMetrics(): LogMetric[] {
  const receiverEntries = allOf(
    fromFunction(FUNCTION_NAME.receiver),
    component("receiver"),
  );
  const workerEntries = allOf(
    fromFunction(FUNCTION_NAME.worker),
    component("worker"),
  );

  // NOTE: requests that end without a receiver outcome are not counted here or
  // in the failures: a 405 for another method, the framework's own 400 for
  // invalid JSON, and a 500 from an exception the handler does not catch.
  // Cloud Run's request log (run.googleapis.com/requests) still records them.
  return [
    counter(
      METRIC.requests,
      "Webhook requests by outcome: one receiver entry per request that reached the handler.",
      allOf(receiverEntries, outcomeIn(outcomesOf("receiver"))),
      [OUTCOME_LABEL, ORG_LABEL, EVENT_LABEL],
    ),
    counter(
      METRIC.failures,
      "Failed webhooks: requests the receiver rejected or could not queue, and accepted events that were dead-lettered.",
      anyOf(
        allOf(receiverEntries, outcomeIn(FAILED_REQUEST_OUTCOMES)),
        allOf(workerEntries, outcomeIn(FAILED_EVENT_OUTCOMES)),
      ),
      [OUTCOME_LABEL, ORG_LABEL, EVENT_LABEL],
    ),
    counter(
      METRIC.signatureFailures,
      "Webhook requests rejected because X-Alleaves-Signature was missing, malformed or wrong.",
      allOf(receiverEntries, outcomeIn(["rejected_signature"])),
      // The body is not parsed before the signature is verified, so these
      // entries have no event field.
      [ORG_LABEL, REASON_LABEL],
    ),
    counter(
      METRIC.processingFailures,
      "Event processing failures: attempts Pub/Sub will redeliver, dead-lettered events and dropped messages.",
      allOf(workerEntries, outcomeIn(PROCESSING_FAILURE_OUTCOMES)),
      [OUTCOME_LABEL, ORG_LABEL, EVENT_LABEL],
    ),
    counter(
      METRIC.syncFailures,
      "Backup sync runs that failed, one entry per org and run.",
      // Both the scheduled sync and the dashboard's Sync Now run the per-org
      // sync, so the filter does not restrict the Cloud Run service.
      allOf(
        equals("resource.type", CLOUD_RUN_RESOURCE),
        component("sync"),
        outcomeIn(["sync_failed"]),
      ),
      [ORG_LABEL],
    ),
    counter(
      METRIC.silence,
      "Silence warnings: an enabled org without webhooks for over an hour in its business hours.",
      allOf(
        fromFunction(FUNCTION_NAME.silenceCheck),
        component("monitor"),
        outcomeIn(["webhooks_silent"]),
      ),
      [ORG_LABEL],
    ),
  ];
}
