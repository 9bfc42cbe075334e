import * as logger from "firebase-functions/logger";

/**
 * Structured fields of this project's log entries. This module owns the field
 * names, so log-based metric filters and the code read the same names.
 */
export interface LogFields {
  /** Part of the pipeline that wrote the entry. */
  component: "receiver" | "worker" | "sync" | "monitor" | "health";
  /** Alleaves event type, such as `customer.created`. */
  event?: string;
  orgId?: string;
  /** Idempotency key of the event: delivery id or SHA-256 of the raw body. */
  eventKey?: string;
  outcome?: Outcome;
  latencyMs?: number;
  /** Delivery attempt of the event, counted from 1. */
  attempt?: number;
  /** HTTP status the receiver returned. */
  status?: number;
  /** Reason a request or event was rejected or failed, without personal data. */
  reason?: string;
}

/** Result of one webhook request or one event-processing attempt. */
export type Outcome =
  // Receiver outcomes.
  | "accepted"
  | "rejected_signature"
  | "invalid_payload"
  | "rate_limited"
  | "unknown_org"
  | "test_ping"
  | "error"
  // Worker outcomes.
  | "processed"
  | "duplicate"
  | "ignored"
  | "retrying"
  | "dead_lettered"
  | "dropped"
  // Sync outcomes, one entry per org and run.
  | "sync_succeeded"
  | "sync_failed"
  | "sync_skipped"
  // Monitor outcomes: one entry per silent org and silence check.
  | "webhooks_silent";

/** Part of the pipeline that writes an entry: the `component` field. */
export type Component = LogFields["component"];

/**
 * Name of each structured field. The type check against {@link LogFields}
 * makes a renamed field fail the build of the metric filters that read it.
 */
export const LOG_FIELD = {
  component: "component",
  event: "event",
  orgId: "orgId",
  eventKey: "eventKey",
  outcome: "outcome",
  latencyMs: "latencyMs",
  attempt: "attempt",
  status: "status",
  reason: "reason",
} as const satisfies { readonly [Name in keyof LogFields]-?: Name };

/**
 * Component that writes each outcome. Typed as a record over {@link Outcome},
 * so an outcome added to the union without an entry here fails the build.
 */
export const OUTCOME_COMPONENT = {
  accepted: "receiver",
  rejected_signature: "receiver",
  invalid_payload: "receiver",
  rate_limited: "receiver",
  unknown_org: "receiver",
  test_ping: "receiver",
  error: "receiver",
  processed: "worker",
  duplicate: "worker",
  ignored: "worker",
  retrying: "worker",
  dead_lettered: "worker",
  dropped: "worker",
  sync_succeeded: "sync",
  sync_failed: "sync",
  sync_skipped: "sync",
  webhooks_silent: "monitor",
} as const satisfies Record<Outcome, Component>;

/** Returns the outcomes that `component` writes, in declaration order. */
export function outcomesOf(component: Component): Outcome[] {
  return (Object.keys(OUTCOME_COMPONENT) as Outcome[]).filter(
    (outcome) => OUTCOME_COMPONENT[outcome] === component,
  );
}

/**
 * Message prefix per component. `[WEBHOOK]` is the form of the partner
 * guide's log examples; the others follow it.
 */
const PREFIXES: Record<LogFields["component"], string> = {
  receiver: "[WEBHOOK]",
  worker: "[WEBHOOK]",
  sync: "[SYNC]",
  monitor: "[MONITOR]",
  health: "[HEALTH]",
};

const prefixed = (message: string, fields: LogFields) =>
  `${PREFIXES[fields.component]} ${message}`;

/** Writes an INFO entry. */
export function logInfo(message: string, fields: LogFields): void {
  logger.info(prefixed(message, fields), fields);
}

/** Writes a WARNING entry: a rejected request or a retried failure. */
export function logWarn(message: string, fields: LogFields): void {
  logger.warn(prefixed(message, fields), fields);
}

/** Writes an ERROR entry: something an operator must look at. */
export function logError(message: string, fields: LogFields): void {
  logger.error(prefixed(message, fields), fields);
}
