import { POLICY_KEY_LABEL, type AlertPolicy } from "./alert-policies";
import type { LogMetric } from "./log-metrics";
import type { MonitoringPlan } from "./plan";

/**
 * One write that brings a project in line with the plan. An updated alert
 * policy's definition carries the existing policy's full name.
 */
export interface Change<Definition> {
  action: "create" | "update";
  definition: Definition;
}

/** The calls that apply needs from Cloud Logging and Cloud Monitoring. */
export interface MonitoringApi {
  listLogMetrics(): Promise<LogMetric[]>;
  createLogMetric(metric: LogMetric): Promise<void>;
  updateLogMetric(metric: LogMetric): Promise<void>;
  listAlertPolicies(): Promise<AlertPolicy[]>;
  createAlertPolicy(policy: AlertPolicy): Promise<void>;
  /** Replaces the policy named `policy.name`. */
  updateAlertPolicy(policy: AlertPolicy): Promise<void>;
}

/**
 * Decides, for each planned log metric, whether to create it or to update the
 * existing metric with the same name.
 */
export function logMetricChanges(
  planned: LogMetric[],
  existing: LogMetric[],
): Change<LogMetric>[] {
  const existingNames = new Set(existing.map((metric) => metric.name));
  return planned.map((metric) => ({
    action: existingNames.has(metric.name) ? "update" : "create",
    definition: metric,
  }));
}

/** Alert policy changes, and existing policies that duplicate a planned one. */
export interface PolicyChanges {
  changes: Change<AlertPolicy>[];
  /** Names of further existing policies that match a planned policy. */
  duplicates: string[];
}

/**
 * Decides, for each planned alert policy, whether to create it or to update
 * an existing one. An existing policy matches by the POLICY_KEY_LABEL user
 * label, or failing that by display name, and matches at most one planned
 * policy. Among several matches, the first by resource name is updated and
 * the rest are reported as duplicates. A planned policy without notification
 * channels keeps those of the policy it updates, so running apply without
 * --notification-channel never silences an alert.
 */
export function alertPolicyChanges(
  planned: AlertPolicy[],
  existing: AlertPolicy[],
): PolicyChanges {
  const claimed = new Set<string>();
  const duplicates: string[] = [];
  const sorted = [...existing].sort((a, b) =>
    (a.name ?? "").localeCompare(b.name ?? ""),
  );
  const available = (policy: AlertPolicy) =>
    typeof policy.name === "string" && !claimed.has(policy.name);

  const changes = planned.map((policy): Change<AlertPolicy> => {
    const key = policy.userLabels?.[POLICY_KEY_LABEL];
    let matches = sorted.filter(
      (candidate) =>
        available(candidate) &&
        key !== undefined &&
        candidate.userLabels?.[POLICY_KEY_LABEL] === key,
    );
    if (matches.length === 0) {
      matches = sorted.filter(
        (candidate) =>
          available(candidate) &&
          candidate.userLabels?.[POLICY_KEY_LABEL] === undefined &&
          candidate.displayName === policy.displayName,
      );
    }
    if (matches.length === 0) return { action: "create", definition: policy };

    const names = matches.map((match) => match.name as string);
    for (const name of names) claimed.add(name);
    duplicates.push(...names.slice(1));
    const [target] = matches;

    const keepChannels = (policy.notificationChannels ?? []).length === 0;
    const notificationChannels = keepChannels
      ? (target.notificationChannels ?? [])
      : policy.notificationChannels;
    return {
      action: "update",
      definition: { ...policy, name: names[0], notificationChannels },
    };
  });

  return { changes, duplicates };
}

/** Counts of what {@link applyMonitoring} wrote. */
export interface ApplySummary {
  created: number;
  updated: number;
  duplicates: string[];
}

/**
 * Creates or updates every log metric, then every alert policy, of `plan`
 * through `api`, calling `report` with one line per write. Metrics come first
 * because a policy on a metric that does not exist yet is rejected. Running
 * it again with the same plan updates in place and creates nothing.
 */
export async function applyMonitoring(
  plan: MonitoringPlan,
  api: MonitoringApi,
  report: (line: string) => void,
): Promise<ApplySummary> {
  const summary: ApplySummary = { created: 0, updated: 0, duplicates: [] };

  const metricChanges = logMetricChanges(
    plan.logMetrics,
    await api.listLogMetrics(),
  );
  for (const change of metricChanges) {
    const name = change.definition.name;
    if (change.action === "create") {
      await api.createLogMetric(change.definition);
      summary.created += 1;
      report(`created log metric ${name}`);
    } else {
      await api.updateLogMetric(change.definition);
      summary.updated += 1;
      report(`updated log metric ${name}`);
    }
  }

  const policyChanges = alertPolicyChanges(
    plan.alertPolicies,
    await api.listAlertPolicies(),
  );
  for (const change of policyChanges.changes) {
    const title = change.definition.displayName;
    if (change.action === "create") {
      await api.createAlertPolicy(change.definition);
      summary.created += 1;
      report(`created alert policy "${title}"`);
    } else {
      await api.updateAlertPolicy(change.definition);
      summary.updated += 1;
      report(`updated alert policy "${title}" (${change.definition.name})`);
    }
  }

  summary.duplicates = policyChanges.duplicates;
  for (const duplicate of policyChanges.duplicates) {
    report(`left duplicate alert policy ${duplicate} unchanged; delete it`);
  }
  return summary;
}
