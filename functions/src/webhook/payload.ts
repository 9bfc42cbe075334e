import { z } from "zod";

import type { EventDefinition } from "../events/event-definition";
import { findEventDefinition } from "../events/registry";

/** Event names that a provider's "Test" button sends instead of real events. */
const TEST_EVENT_TYPES = new Set(["test", "ping", "webhook.test", "test.webhook"]);

/** Earliest event timestamp accepted. */
const MIN_TIMESTAMP_MS = Date.UTC(2000, 0, 1);
/** How far ahead of this server's clock a timestamp may be (clock skew). */
const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * ISO 8601 event time between 2000-01-01 and a day from now. A far-future
 * timestamp would make every later update of the record look stale, and
 * Firestore cannot store years before 1 or after 9999.
 */
const eventTimestamp = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const ms = Date.parse(value);
    return ms >= MIN_TIMESTAMP_MS && ms <= Date.now() + MAX_CLOCK_SKEW_MS;
  },
  { message: "timestamp must be between 2000-01-01 and 24 hours from now" },
);

/** Outer shape of every Alleaves webhook. Unknown top-level fields are kept. */
export const webhookEnvelope = z.looseObject({
  event: z.string().min(1),
  timestamp: eventTimestamp.optional(),
  data: z.record(z.string(), z.unknown()),
});

/** Looks up how an event type is handled; the registry unless a test swaps it. */
export type DefinitionLookup = (
  eventType: string,
) => EventDefinition<unknown> | undefined;

/** A parsed webhook body, sorted by what the receiver does with it. */
export type ParsedWebhook =
  | { kind: "test"; eventType: string }
  | { kind: "unknown"; eventType: string; timestamp?: string }
  | {
      kind: "supported";
      eventType: string;
      timestamp?: string;
      definition: EventDefinition<unknown>;
      data: unknown;
    };

/** Raised for a body that is not valid JSON or does not fit its schema. */
export class InvalidPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidPayloadError";
  }
}

/**
 * Parses and validates a webhook body. Throws InvalidPayloadError naming the
 * first invalid field. Unknown event types are returned as such, so the
 * receiver can record them instead of rejecting them.
 */
export function parseWebhook(
  rawBody: Buffer,
  findDefinition: DefinitionLookup = findEventDefinition,
): ParsedWebhook {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch (error) {
    // Only the position is kept: the parser's message quotes part of the
    // body, which may contain personal data.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new InvalidPayloadError(
      position === undefined
        ? "body is not valid JSON"
        : `body is not valid JSON (error at byte ${position})`,
    );
  }

  const eventField = (json as { event?: unknown } | null)?.event;
  if (typeof eventField === "string" && TEST_EVENT_TYPES.has(eventField)) {
    return { kind: "test", eventType: eventField };
  }

  const envelope = webhookEnvelope.safeParse(json);
  if (!envelope.success) throw invalidPayload(envelope.error, []);
  const { event, timestamp, data } = envelope.data;

  const definition = findDefinition(event);
  if (!definition) return { kind: "unknown", eventType: event, timestamp };

  const parsedData = definition.schema.safeParse(data);
  if (!parsedData.success) throw invalidPayload(parsedData.error, ["data"]);

  return {
    kind: "supported",
    eventType: event,
    timestamp,
    definition,
    data: parsedData.data,
  };
}

/** Builds an error naming the first invalid field by its JSON path. */
function invalidPayload(
  error: z.ZodError,
  pathPrefix: readonly PropertyKey[],
): InvalidPayloadError {
  const issue = error.issues[0];
  const path = [...pathPrefix, ...issue.path].map(String).join(".");
  return new InvalidPayloadError(
    `invalid field "${path || "(root)"}": ${issue.message}`,
  );
}
