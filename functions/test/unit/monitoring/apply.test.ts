import {
  POLICY_KEY_LABEL,
  type AlertPolicy,
} from "../../../src/monitoring/alert-policies";
import {
  alertPolicyChanges,
  applyMonitoring,
  logMetricChanges,
  type MonitoringApi,
} from "../../../src/monitoring/apply";
import type { LogMetric } from "../../../src/monitoring/log-metrics";
import { monitoringPlan } from "../../../src/monitoring/plan";

const CHANNEL = "projects/demo-markitbot/notificationChannels/1";

function planned(key: string, displayName: string, channels: string[] = []): AlertPolicy {
  return {
    displayName,
    userLabels: { [POLICY_KEY_LABEL]: key },
    notificationChannels: channels,
  };
}

function existing(name: string, fields: AlertPolicy): AlertPolicy {
  return { name: `projects/demo-markitbot/alertPolicies/${name}`, ...fields };
}

describe("logMetricChanges", () => {
  test("creates missing and updates existing", () => {
    const metrics: LogMetric[] = [{ name: "a" }, { name: "b" }];

    const changes = logMetricChanges(metrics, [{ name: "b" }, { name: "other" }]);

    expect(changes).toEqual([
      { action: "create", definition: { name: "a" } },
      { action: "update", definition: { name: "b" } },
    ]);
  });
});

describe("alertPolicyChanges", () => {
  test("creates when nothing matches", () => {
    const { changes, duplicates } = alertPolicyChanges(
      [planned("ratio", "Ratio")],
      [existing("1", { displayName: "Something else" })],
    );

    expect(changes).toEqual([{ action: "create", definition: planned("ratio", "Ratio") }]);
    expect(duplicates).toEqual([]);
  });

  test("updates policy with same key", () => {
    const { changes } = alertPolicyChanges(
      [planned("ratio", "Ratio, renamed")],
      [existing("1", { displayName: "Ratio", userLabels: { [POLICY_KEY_LABEL]: "ratio" } })],
    );

    expect(changes).toHaveLength(1);
    expect(changes[0].action).toBe("update");
    expect(changes[0].definition.name).toBe("projects/demo-markitbot/alertPolicies/1");
    expect(changes[0].definition.displayName).toBe("Ratio, renamed");
  });

  test("updates unlabelled policy by display name", () => {
    const { changes } = alertPolicyChanges(
      [planned("ratio", "Ratio")],
      [existing("7", { displayName: "Ratio" })],
    );

    expect(changes[0].action).toBe("update");
    expect(changes[0].definition.name).toBe("projects/demo-markitbot/alertPolicies/7");
    expect(changes[0].definition.userLabels).toEqual({ [POLICY_KEY_LABEL]: "ratio" });
  });

  test("other key blocks display name match", () => {
    const { changes } = alertPolicyChanges(
      [planned("ratio", "Ratio")],
      [existing("7", { displayName: "Ratio", userLabels: { [POLICY_KEY_LABEL]: "other" } })],
    );

    expect(changes[0].action).toBe("create");
  });

  test("key match wins over display name", () => {
    const { changes, duplicates } = alertPolicyChanges(
      [planned("ratio", "Ratio")],
      [
        existing("1", { displayName: "Ratio" }),
        existing("2", { displayName: "Old title", userLabels: { [POLICY_KEY_LABEL]: "ratio" } }),
      ],
    );

    expect(changes[0].definition.name).toBe("projects/demo-markitbot/alertPolicies/2");
    expect(duplicates).toEqual([]);
  });

  test("duplicates are reported, first updated", () => {
    const labels = { [POLICY_KEY_LABEL]: "ratio" };
    const { changes, duplicates } = alertPolicyChanges(
      [planned("ratio", "Ratio")],
      [existing("b", { userLabels: labels }), existing("a", { userLabels: labels })],
    );

    expect(changes[0].definition.name).toBe("projects/demo-markitbot/alertPolicies/a");
    expect(duplicates).toEqual(["projects/demo-markitbot/alertPolicies/b"]);
  });

  test("each existing policy matches once", () => {
    const { changes } = alertPolicyChanges(
      [planned("first", "Same title"), planned("second", "Same title")],
      [existing("1", { displayName: "Same title" })],
    );

    expect(changes.map((change) => change.action)).toEqual(["update", "create"]);
  });

  test("keeps existing channels when none planned", () => {
    const { changes } = alertPolicyChanges(
      [planned("ratio", "Ratio")],
      [
        existing("1", {
          userLabels: { [POLICY_KEY_LABEL]: "ratio" },
          notificationChannels: [CHANNEL],
        }),
      ],
    );

    expect(changes[0].definition.notificationChannels).toEqual([CHANNEL]);
  });

  test("planned channels replace existing ones", () => {
    const other = "projects/demo-markitbot/notificationChannels/2";
    const { changes } = alertPolicyChanges(
      [planned("ratio", "Ratio", [other])],
      [
        existing("1", {
          userLabels: { [POLICY_KEY_LABEL]: "ratio" },
          notificationChannels: [CHANNEL],
        }),
      ],
    );

    expect(changes[0].definition.notificationChannels).toEqual([other]);
  });
});

/** An in-memory project: what the Logging and Monitoring APIs would store. */
class FakeProject implements MonitoringApi {
  metrics: LogMetric[] = [];
  policies: AlertPolicy[] = [];
  private nextPolicyId = 1;

  async listLogMetrics() {
    return structuredClone(this.metrics);
  }
  async createLogMetric(metric: LogMetric) {
    if (this.metrics.some((stored) => stored.name === metric.name)) {
      throw new Error(`metric ${metric.name} already exists`);
    }
    this.metrics.push(structuredClone(metric));
  }
  async updateLogMetric(metric: LogMetric) {
    const index = this.metrics.findIndex((stored) => stored.name === metric.name);
    if (index < 0) throw new Error(`metric ${metric.name} not found`);
    this.metrics[index] = structuredClone(metric);
  }
  async listAlertPolicies() {
    return structuredClone(this.policies);
  }
  async createAlertPolicy(policy: AlertPolicy) {
    const name = `projects/demo-markitbot/alertPolicies/${this.nextPolicyId++}`;
    this.policies.push({ ...structuredClone(policy), name });
  }
  async updateAlertPolicy(policy: AlertPolicy) {
    const index = this.policies.findIndex((stored) => stored.name === policy.name);
    if (index < 0) throw new Error(`policy ${policy.name} not found`);
    this.policies[index] = structuredClone(policy);
  }
}

describe("applyMonitoring", () => {
  test("first run creates everything", async () => {
    const project = new FakeProject();
    const plan = monitoringPlan({ project: "demo-markitbot" });

    const summary = await applyMonitoring(plan, project, () => undefined);

    expect(summary).toEqual({ created: 10, updated: 0, duplicates: [] });
    expect(project.metrics).toHaveLength(6);
    expect(project.policies).toHaveLength(4);
  });

  test("second run updates in place", async () => {
    const project = new FakeProject();
    const plan = monitoringPlan({ project: "demo-markitbot", notificationChannels: ["1"] });
    await applyMonitoring(plan, project, () => undefined);
    const namesAfterFirst = project.policies.map((policy) => policy.name);
    const lines: string[] = [];

    const summary = await applyMonitoring(
      monitoringPlan({ project: "demo-markitbot" }),
      project,
      (line) => lines.push(line),
    );

    expect(summary).toEqual({ created: 0, updated: 10, duplicates: [] });
    expect(project.metrics).toHaveLength(6);
    expect(project.policies.map((policy) => policy.name)).toEqual(namesAfterFirst);
    for (const policy of project.policies) {
      expect(policy.notificationChannels).toEqual([CHANNEL]);
    }
    expect(lines.filter((line) => line.startsWith("updated"))).toHaveLength(10);
  });

  test("metrics are written before policies", async () => {
    const project = new FakeProject();
    const calls: string[] = [];
    const recording: MonitoringApi = {
      listLogMetrics: () => project.listLogMetrics(),
      listAlertPolicies: () => project.listAlertPolicies(),
      createLogMetric: async (metric) => {
        calls.push("metric");
        await project.createLogMetric(metric);
      },
      updateLogMetric: (metric) => project.updateLogMetric(metric),
      createAlertPolicy: async (policy) => {
        calls.push("policy");
        await project.createAlertPolicy(policy);
      },
      updateAlertPolicy: (policy) => project.updateAlertPolicy(policy),
    };

    await applyMonitoring(monitoringPlan({ project: "demo-markitbot" }), recording, () => undefined);

    expect(calls).toEqual([...Array(6).fill("metric"), ...Array(4).fill("policy")]);
  });
});
