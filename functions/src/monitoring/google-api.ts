import type { AlertPolicyServiceClient } from "@google-cloud/monitoring";

import type { AlertPolicy } from "./alert-policies";
import type { MonitoringApi } from "./apply";
import type { LogMetric } from "./log-metrics";

/**
 * The calls used from the Logging metrics client, which @google-cloud/logging
 * exports untyped as `v2.MetricsServiceV2Client`.
 */
interface MetricsClient {
  listLogMetrics(request: {
    parent: string;
  }): Promise<[LogMetric[], ...unknown[]]>;
  createLogMetric(request: {
    parent: string;
    metric: LogMetric;
  }): Promise<unknown>;
  updateLogMetric(request: {
    metricName: string;
    metric: LogMetric;
  }): Promise<unknown>;
  close(): Promise<void>;
}

/** A {@link MonitoringApi} that also closes its clients. */
export interface ClosableMonitoringApi extends MonitoringApi {
  close(): Promise<void>;
}

/**
 * Returns the Cloud Logging and Cloud Monitoring calls for `project`, using
 * Application Default Credentials. The clients are loaded here, not at import,
 * so the plan needs neither them nor credentials.
 *
 * NOTE: these calls have never run against the real APIs. Tests cover the
 * decisions and the order of calls, and the request shapes follow the
 * clients' TypeScript types.
 */
export function googleMonitoringApi(project: string): ClosableMonitoringApi {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { v2 } = require("@google-cloud/logging");
  const monitoring = require("@google-cloud/monitoring");
  /* eslint-enable @typescript-eslint/no-require-imports */

  const metrics = new v2.MetricsServiceV2Client({
    projectId: project,
  }) as MetricsClient;
  const policies = new monitoring.AlertPolicyServiceClient({
    projectId: project,
  }) as AlertPolicyServiceClient;
  const parent = `projects/${project}`;

  return {
    async listLogMetrics() {
      const [list] = await metrics.listLogMetrics({ parent });
      return list;
    },
    async createLogMetric(metric) {
      await metrics.createLogMetric({ parent, metric });
    },
    async updateLogMetric(metric) {
      const metricName = `${parent}/metrics/${metric.name}`;
      await metrics.updateLogMetric({ metricName, metric });
    },
    async listAlertPolicies() {
      const [list] = await policies.listAlertPolicies({ name: parent });
      return list as AlertPolicy[];
    },
    async createAlertPolicy(alertPolicy) {
      await policies.createAlertPolicy({ name: parent, alertPolicy });
    },
    async updateAlertPolicy(alertPolicy) {
      await policies.updateAlertPolicy({ alertPolicy });
    },
    async close() {
      await Promise.all([metrics.close(), policies.close()]);
    },
  };
}
