import { alertPolicies, type AlertPolicy } from "./alert-policies";
import { logMetrics, type LogMetric } from "./log-metrics";

/** The monitoring resources of one project, as the APIs take them. */
export interface MonitoringPlan {
  project: string;
  logMetrics: LogMetric[];
  alertPolicies: AlertPolicy[];
}

/** Options of {@link monitoringPlan}. */
export interface PlanOptions {
  project: string;
  /** Notification channels as full names or channel ids. */
  notificationChannels?: string[];
}

/** Google Cloud project ids: 6 to 30 lower-case letters, digits and hyphens. */
const PROJECT_ID_PATTERN = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const CHANNEL_NAME_PATTERN = /^projects\/[^/]+\/notificationChannels\/[^/]+$/;
const CHANNEL_ID_PATTERN = /^[0-9]+$/;

/** Raised for a project id or channel that the APIs would reject. */
export class InvalidPlanArgumentError extends Error {}

/**
 * Returns the log-based metrics and alert policies for `project`. It needs no
 * credentials and no network, and throws InvalidPlanArgumentError for an
 * invalid project id or notification channel.
 */
export function monitoringPlan(options: PlanOptions): MonitoringPlan {
  const project = validProjectId(options.project);
  const channels = (options.notificationChannels ?? []).map((channel) =>
    notificationChannelName(project, channel),
  );

  const metrics = logMetrics();
  return {
    project,
    logMetrics: metrics,
    alertPolicies: alertPolicies(metrics, channels),
  };
}

/** Returns `project` if it is a valid project id, else throws. */
export function validProjectId(project: string): string {
  if (!PROJECT_ID_PATTERN.test(project)) {
    throw new InvalidPlanArgumentError(
      `invalid project id ${JSON.stringify(project)}: use 6 to 30 lower-case ` +
        "letters, digits and hyphens, starting with a letter",
    );
  }
  return project;
}

/**
 * Returns the full name of a notification channel given as
 * `projects/PROJECT/notificationChannels/ID` or as the numeric ID alone.
 */
export function notificationChannelName(
  project: string,
  channel: string,
): string {
  if (CHANNEL_ID_PATTERN.test(channel)) {
    return `projects/${project}/notificationChannels/${channel}`;
  }
  if (!CHANNEL_NAME_PATTERN.test(channel)) {
    throw new InvalidPlanArgumentError(
      `invalid notification channel ${JSON.stringify(channel)}: use ` +
        "projects/PROJECT/notificationChannels/ID or the numeric ID",
    );
  }
  return channel;
}
