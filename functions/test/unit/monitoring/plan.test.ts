import {
  FAILURE_RATIO_THRESHOLD,
  POLICY_KEY_LABEL,
  type AlertPolicy,
} from "../../../src/monitoring/alert-policies";
import { METRIC } from "../../../src/monitoring/log-metrics";
import {
  InvalidPlanArgumentError,
  monitoringPlan,
  notificationChannelName,
  validProjectId,
} from "../../../src/monitoring/plan";

const plan = monitoringPlan({ project: "demo-markitbot" });

/** Returns the planned policy with the given alert key. */
function policy(key: string): AlertPolicy {
  const found = plan.alertPolicies.find(
    (candidate) => candidate.userLabels?.[POLICY_KEY_LABEL] === key,
  );
  if (!found) throw new Error(`no policy with ${POLICY_KEY_LABEL}=${key}`);
  return found;
}

function condition(key: string) {
  const threshold = policy(key).conditions?.[0]?.conditionThreshold;
  if (!threshold) throw new Error(`policy ${key} has no threshold condition`);
  return threshold;
}

describe("monitoringPlan", () => {
  test("plan for demo-markitbot is stable", () => {
    expect(plan).toMatchSnapshot();
  });

  test("plan is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  test("defines the six log metrics", () => {
    expect(plan.logMetrics.map((metric) => metric.name)).toEqual([
      METRIC.requests,
      METRIC.failures,
      METRIC.signatureFailures,
      METRIC.processingFailures,
      METRIC.syncFailures,
      METRIC.silence,
    ]);
  });

  test("policy alert keys are unique", () => {
    const keys = plan.alertPolicies.map((candidate) => candidate.userLabels?.[POLICY_KEY_LABEL]);

    expect(keys).toEqual([
      "webhook_failure_ratio",
      "webhook_signature_failures",
      "webhook_silence",
      "sync_failed_twice",
    ]);
  });

  test("failure ratio over one hour", () => {
    const threshold = condition("webhook_failure_ratio");

    expect(threshold.filter).toContain(`logging.googleapis.com/user/${METRIC.failures}"`);
    expect(threshold.denominatorFilter).toContain(`logging.googleapis.com/user/${METRIC.requests}"`);
    expect(threshold.comparison).toBe("COMPARISON_GT");
    expect(threshold.thresholdValue).toBe(FAILURE_RATIO_THRESHOLD);
    expect(threshold.thresholdValue).toBe(0.05);
    expect(threshold.aggregations?.[0]?.alignmentPeriod).toEqual({ seconds: 3600 });
    expect(threshold.denominatorAggregations).toEqual(threshold.aggregations);
  });

  test("signature failures over ten minutes", () => {
    const threshold = condition("webhook_signature_failures");

    expect(threshold.filter).toContain(`logging.googleapis.com/user/${METRIC.signatureFailures}"`);
    expect(threshold.thresholdValue).toBe(10);
    expect(threshold.aggregations?.[0]?.alignmentPeriod).toEqual({ seconds: 600 });
  });

  test("silence fires on one warning per org", () => {
    const threshold = condition("webhook_silence");

    expect(threshold.filter).toContain(`logging.googleapis.com/user/${METRIC.silence}"`);
    expect(threshold.thresholdValue).toBe(0);
    expect(threshold.aggregations?.[0]?.groupByFields).toEqual(["metric.label.org_id"]);
    expect(threshold.aggregations?.[0]?.alignmentPeriod).toEqual({ seconds: 1800 });
  });

  test("sync fires on two failures per org", () => {
    const threshold = condition("sync_failed_twice");

    expect(threshold.filter).toContain(`logging.googleapis.com/user/${METRIC.syncFailures}"`);
    expect(threshold.thresholdValue).toBe(1);
    expect(threshold.aggregations?.[0]?.groupByFields).toEqual(["metric.label.org_id"]);
    expect(threshold.aggregations?.[0]?.alignmentPeriod).toEqual({ seconds: 2700 });
  });

  test("conditions read defined metrics", () => {
    const defined = new Set(plan.logMetrics.map((metric) => `logging.googleapis.com/user/${metric.name}`));
    const referenced = plan.alertPolicies
      .flatMap((candidate) => candidate.conditions ?? [])
      .flatMap(({ conditionThreshold }) => [
        conditionThreshold?.filter,
        conditionThreshold?.denominatorFilter,
      ])
      .filter((filter): filter is string => typeof filter === "string")
      .map((filter) => /metric\.type="([^"]+)"/.exec(filter)?.[1]);

    expect(referenced.length).toBe(5);
    for (const type of referenced) expect(defined.has(type!)).toBe(true);
  });

  test("channels default to none", () => {
    for (const candidate of plan.alertPolicies) {
      expect(candidate.notificationChannels).toEqual([]);
    }
  });

  test("channel ids become full names", () => {
    const withChannels = monitoringPlan({
      project: "demo-markitbot",
      notificationChannels: ["123", "projects/demo-markitbot/notificationChannels/456"],
    });

    for (const candidate of withChannels.alertPolicies) {
      expect(candidate.notificationChannels).toEqual([
        "projects/demo-markitbot/notificationChannels/123",
        "projects/demo-markitbot/notificationChannels/456",
      ]);
    }
  });
});

describe("plan arguments", () => {
  test.each(["demo-markitbot", "abcdef", "a".repeat(30), "my-project-123"])(
    "accepts project %p",
    (project) => {
      expect(validProjectId(project)).toBe(project);
    },
  );

  test.each(["", "short", "Demo-Markitbot", "1project", "project-", "my_project", "a".repeat(31)])(
    "rejects project %p",
    (project) => {
      expect(() => validProjectId(project)).toThrow(InvalidPlanArgumentError);
    },
  );

  test.each(["", "abc", "projects/p/notificationChannels/", "notificationChannels/1", "12 3"])(
    "rejects channel %p",
    (channel) => {
      expect(() => notificationChannelName("demo-markitbot", channel)).toThrow(
        InvalidPlanArgumentError,
      );
    },
  );

  test("invalid project named in error", () => {
    expect(() => monitoringPlan({ project: "Bad_Id" })).toThrow('invalid project id "Bad_Id"');
  });
});
