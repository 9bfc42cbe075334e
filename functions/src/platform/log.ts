import * as logger from "firebase-functions/logger";

/**
 * Structured fields of this project's log entries. This module owns the field
 * names, so log-based metric filters and the code read the same names.
 */
export interface LogFields {
  /** Which part of the pipeline wrote the entry. */
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
  /** Why a request or event was rejected or failed, without personal data. */
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
  | "sync_skipped";

/** Prefix that the partner guide's log examples use. */
const PREFIX = "[WEBHOOK]";

/** Writes an INFO entry. */
export function logInfo(message: string, fields: LogFields): void {
  logger.info(`${PREFIX} ${message}`, fields);
}

/** Writes a WARNING entry: a rejected request or a retried failure. */
export function logWarn(message: string, fields: LogFields): void {
  logger.warn(`${PREFIX} ${message}`, fields);
}

/** Writes an ERROR entry: something an operator must look at. */
export function logError(message: string, fields: LogFields): void {
  logger.error(`${PREFIX} ${message}`, fields);
}
