import {
  FUNCTION_NAME,
  logMetrics,
  METRIC,
} from "../../../src/monitoring/log-metrics";
import {
  LOG_FIELD,
  OUTCOME_COMPONENT,
  type Component,
  type Outcome,
} from "../../../src/platform/log";
import { matchesQuery } from "../../logs/logging-query";

/** Cloud Run service that writes each component's entries in production. */
const SERVICE: Record<Component, string> = {
  receiver: "alleaveswebhook",
  worker: "processwebhookevent",
  sync: "scheduledsync",
  monitor: "checkwebhooksilence",
  health: "health",
};

/** A Cloud Logging entry as a deployed function would write it. */
function entry(component: Component, outcome?: Outcome, service = SERVICE[component]) {
  return {
    resource: { type: "cloud_run_revision", labels: { service_name: service } },
    severity: "INFO",
    jsonPayload: { component, outcome, orgId: "acme", message: "[WEBHOOK] test" },
  };
}

/** One entry per declared outcome, plus receiver and worker entries without one. */
const CONTRACT_ENTRIES = [
  ...(Object.keys(OUTCOME_COMPONENT) as Outcome[]).map((outcome) =>
    entry(OUTCOME_COMPONENT[outcome], outcome),
  ),
  entry("receiver"),
  entry("worker"),
];

/** Returns the outcomes of the contract entries that metric `name` counts. */
function countedOutcomes(name: string, entries = CONTRACT_ENTRIES): (string | undefined)[] {
  const metric = logMetrics().find((candidate) => candidate.name === name);
  return entries
    .filter((candidate) => matchesQuery(metric!.filter!, candidate))
    .map((candidate) => candidate.jsonPayload.outcome);
}

describe("log metric filters on the log contract", () => {
  test("requests count every receiver outcome", () => {
    expect(countedOutcomes(METRIC.requests)).toEqual([
      "accepted",
      "rejected_signature",
      "invalid_payload",
      "rate_limited",
      "unknown_org",
      "test_ping",
      "error",
    ]);
  });

  test("failures exclude accepted, test ping and duplicates", () => {
    expect(countedOutcomes(METRIC.failures)).toEqual([
      "rejected_signature",
      "invalid_payload",
      "rate_limited",
      "unknown_org",
      "error",
      "dead_lettered",
    ]);
  });

  test("signature failures count rejected signatures", () => {
    expect(countedOutcomes(METRIC.signatureFailures)).toEqual(["rejected_signature"]);
  });

  test("processing failures count worker failures", () => {
    expect(countedOutcomes(METRIC.processingFailures)).toEqual([
      "retrying",
      "dead_lettered",
      "dropped",
    ]);
  });

  test("sync failures count failed runs", () => {
    expect(countedOutcomes(METRIC.syncFailures)).toEqual(["sync_failed"]);
  });

  test("sync failures from Sync Now count", () => {
    expect(countedOutcomes(METRIC.syncFailures, [entry("sync", "sync_failed", "syncnow")])).toEqual([
      "sync_failed",
    ]);
  });

  test("silence counts silence warnings", () => {
    expect(countedOutcomes(METRIC.silence)).toEqual(["webhooks_silent"]);
  });

  test("receiver outcome from other service ignored", () => {
    const elsewhere = [entry("receiver", "rejected_signature", "someotherservice")];

    expect(countedOutcomes(METRIC.requests, elsewhere)).toEqual([]);
    expect(countedOutcomes(METRIC.signatureFailures, elsewhere)).toEqual([]);
  });

  test("worker outcome from other service ignored", () => {
    const elsewhere = [entry("worker", "dead_lettered", "alleaveswebhook")];

    expect(countedOutcomes(METRIC.processingFailures, elsewhere)).toEqual([]);
    expect(countedOutcomes(METRIC.failures, elsewhere)).toEqual([]);
  });
});

describe("log metric definitions", () => {
  test("label extractors read log fields", () => {
    const fields = new Set<string>(Object.values(LOG_FIELD));

    for (const metric of logMetrics()) {
      for (const extractor of Object.values(metric.labelExtractors ?? {})) {
        const field = /^EXTRACT\(jsonPayload\.(\w+)\)$/.exec(extractor)?.[1];
        expect(fields.has(field ?? extractor)).toBe(true);
      }
    }
  });

  test("every label has an extractor", () => {
    for (const metric of logMetrics()) {
      const keys = (metric.metricDescriptor?.labels ?? []).map((label) => label.key);
      expect(keys.sort()).toEqual(Object.keys(metric.labelExtractors ?? {}).sort());
    }
  });

  test("function names are index exports", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.keys(require("../../../src/index"));

    for (const name of Object.values(FUNCTION_NAME)) {
      expect(exported).toContain(name);
    }
  });
});
