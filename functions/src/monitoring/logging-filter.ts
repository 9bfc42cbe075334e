import type { LogFields } from "../platform/log";

/**
 * Builders for Cloud Logging query language filters. Every OR group is put in
 * parentheses because that language binds OR tighter than AND, the opposite
 * of most programming languages.
 */

/** Resource type of 2nd gen Cloud Functions, which run on Cloud Run. */
export const CLOUD_RUN_RESOURCE = "cloud_run_revision";

/**
 * Returns the path of a structured field in a Cloud Logging entry. Cloud Run
 * parses the JSON lines that firebase-functions/logger writes into
 * `jsonPayload`.
 */
export function payloadField(name: keyof LogFields): string {
  return `jsonPayload.${name}`;
}

/**
 * Returns the Cloud Run service of a 2nd gen function: the export name in
 * lower case, such as `alleaveswebhook` for `alleavesWebhook`.
 */
export function cloudRunService(functionName: string): string {
  return functionName.toLowerCase();
}

/** Returns the condition `path="value"`. */
export function equals(path: string, value: string): string {
  // JSON string escaping matches the query language's for these ASCII values.
  return `${path}=${JSON.stringify(value)}`;
}

/** Returns a condition that is true when `path` equals any of `values`. */
export function equalsAny(path: string, values: readonly string[]): string {
  if (values.length === 0) {
    throw new Error(`equalsAny needs at least one value for ${path}`);
  }
  return anyOf(...values.map((value) => equals(path, value)));
}

/** Joins conditions with AND. */
export function allOf(...conditions: string[]): string {
  return conditions.join(" AND ");
}

/** Joins conditions with OR, in parentheses. */
export function anyOf(...conditions: string[]): string {
  if (conditions.length === 1) return conditions[0];
  return `(${conditions.map(group).join(" OR ")})`;
}

/** Restricts entries to the Cloud Run service of one function. */
export function fromFunction(functionName: string): string {
  return allOf(
    equals("resource.type", CLOUD_RUN_RESOURCE),
    equals("resource.labels.service_name", cloudRunService(functionName)),
  );
}

/** Puts a condition that contains AND in parentheses. */
function group(condition: string): string {
  return condition.includes(" AND ") ? `(${condition})` : condition;
}
