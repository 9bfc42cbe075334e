import type { Clock } from "../platform/clock";
import { logError, logInfo, logWarn, type LogFields } from "../platform/log";
import type { Publisher } from "../platform/publisher";
import { pathSegments } from "../platform/url-path";
import type { OrgDirectory } from "../orgs/org-config";
import { DELIVERY_ID_HEADER, eventKey } from "./event-key";
import { InvalidPayloadError, parseWebhook } from "./payload";
import type { RateLimiter } from "./rate-limiter";
import { SIGNATURE_HEADER, verifySignature } from "./signature";

/** Largest body accepted, in bytes (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A webhook request, free of any HTTP framework. */
export interface WebhookRequest {
  method: string;
  /** Path below the function's URL: `/` or `/{orgId}`. */
  path: string;
  /** Header names in lower case, as Node.js delivers them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received; the signature covers these bytes. */
  rawBody: Buffer | undefined;
  /** Client address as the platform reports it. */
  clientIp: string;
}

/** Receiver result: status, extra headers and a JSON body. */
export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/** Everything the receiver needs, injected so tests can supply their own. */
export interface ReceiverDependencies {
  /** Returns the configured secrets, current first; empty strings are unset. */
  secrets: () => string[];
  defaultOrgId: () => string;
  publisher: Publisher;
  orgs: OrgDirectory;
  rateLimiter: RateLimiter;
  clock: Clock;
}

/**
 * Verifies, validates and publishes one Alleaves webhook, then returns the
 * response to send. The event is acknowledged only after Pub/Sub has stored
 * it, so a 200 never loses an event and a failed publish returns 503 for the
 * sender to retry. Nothing is parsed before the signature is verified.
 */
export async function receiveWebhook(
  request: WebhookRequest,
  deps: ReceiverDependencies,
): Promise<WebhookResponse> {
  const startedAt = deps.clock();
  const fields: LogFields = { component: "receiver" };
  const respond = (
    status: number,
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ): WebhookResponse => {
    fields.status = status;
    fields.latencyMs = deps.clock().getTime() - startedAt.getTime();
    return { status, body, headers };
  };

  if (request.method !== "POST") {
    return respond(405, { error: `method ${request.method} is not allowed; use POST` }, { Allow: "POST" });
  }

  const retryAfterSeconds = deps.rateLimiter.take(request.clientIp, startedAt.getTime());
  if (retryAfterSeconds > 0) {
    fields.outcome = "rate_limited";
    logWarn("Rate limit exceeded", fields);
    return respond(
      429,
      { error: `too many requests; retry after ${retryAfterSeconds} s` },
      { "Retry-After": String(retryAfterSeconds) },
    );
  }

  const orgId = orgIdFromPath(request.path, deps.defaultOrgId());
  fields.orgId = orgId;

  const contentType = headerValue(request.headers["content-type"]);
  if (!isJsonContentType(contentType)) {
    fields.outcome = "invalid_payload";
    fields.reason = "unsupported content type";
    logWarn("Rejected webhook: content type is not JSON", fields);
    return respond(415, { error: `content type must be application/json, got ${contentType ?? "none"}` });
  }

  // The Cloud Functions body parser inflates compressed bodies before this
  // handler runs, so the signature could no longer cover the bytes as sent.
  const contentEncoding = headerValue(request.headers["content-encoding"])?.trim().toLowerCase();
  if (contentEncoding && contentEncoding !== "identity") {
    fields.outcome = "invalid_payload";
    fields.reason = "unsupported content encoding";
    logWarn("Rejected webhook: compressed body", fields);
    return respond(415, { error: `content encoding ${contentEncoding} is not supported; send the body uncompressed` });
  }

  const rawBody = request.rawBody ?? Buffer.alloc(0);
  if (rawBody.length > MAX_BODY_BYTES) {
    fields.outcome = "invalid_payload";
    fields.reason = "body too large";
    logWarn("Rejected webhook: body too large", fields);
    return respond(413, { error: `body is ${rawBody.length} bytes; the maximum is ${MAX_BODY_BYTES}` });
  }

  const secrets = deps.secrets();
  if (!secrets[0]) {
    fields.outcome = "error";
    fields.reason = "webhook secret not configured";
    logError("ALLEAVES_WEBHOOK_SECRET is empty; set it with firebase functions:secrets:set", fields);
    return respond(500, { error: "webhook secret is not configured" });
  }

  const signature = headerValue(request.headers[SIGNATURE_HEADER]);
  if (!verifySignature(rawBody, signature, secrets.filter(Boolean))) {
    fields.outcome = "rejected_signature";
    fields.reason = signature ? "signature mismatch or malformed" : "signature header missing";
    logWarn("Signature verification failed", fields);
    return respond(401, { error: "invalid or missing X-Alleaves-Signature" });
  }
  logInfo("Signature verified", fields);

  if (orgId === undefined || !(await deps.orgs.isEnabled(orgId, startedAt.getTime()))) {
    fields.outcome = "unknown_org";
    logWarn("Rejected webhook: org is not configured or not enabled", fields);
    return respond(404, { error: `org ${orgId ?? request.path} is not configured for Alleaves webhooks` });
  }

  // NOTE: on Cloud Functions (and its emulator) the framework's JSON body
  // parser rejects invalid JSON with its own 400 before this handler runs,
  // so that case never reaches the signature check. Nothing is stored.
  let parsed;
  try {
    parsed = parseWebhook(rawBody);
  } catch (error) {
    if (!(error instanceof InvalidPayloadError)) throw error;
    fields.outcome = "invalid_payload";
    fields.reason = error.message;
    logWarn("Rejected webhook: invalid payload", fields);
    return respond(400, { error: error.message });
  }
  fields.event = parsed.eventType;
  logInfo(`Received event: ${parsed.eventType}`, fields);

  if (parsed.kind === "test") {
    fields.outcome = "test_ping";
    logInfo("Test event acknowledged; nothing processed", fields);
    return respond(200, { received: true, test: true });
  }

  const key = eventKey(rawBody, headerValue(request.headers[DELIVERY_ID_HEADER]));
  fields.eventKey = key;

  try {
    await deps.publisher(rawBody, {
      orgId,
      eventKey: key,
      eventType: parsed.eventType,
      receivedAt: startedAt.toISOString(),
    });
  } catch (error) {
    fields.outcome = "error";
    fields.reason = `publish failed: ${(error as Error).message}`;
    logError("Could not publish event; the sender will retry", fields);
    return respond(503, { error: "event could not be queued; retry later" }, { "Retry-After": "60" });
  }

  fields.outcome = "accepted";
  const response = respond(200, { received: true, id: key });
  logInfo("Event queued for processing", fields);
  return response;
}

/**
 * Returns the org id from `/` (the default org) or `/{orgId}`, or undefined
 * for any other path.
 */
function orgIdFromPath(path: string, defaultOrgId: string): string | undefined {
  const segments = pathSegments(path);
  if (segments?.length === 0) return defaultOrgId;
  if (segments?.length === 1) return segments[0];
  return undefined;
}

/** Accepts `application/json` and `application/*+json`, with parameters. */
function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(";")[0].trim().toLowerCase();
  if (!mediaType) return false;
  return mediaType === "application/json" || /^application\/[^/]+\+json$/.test(mediaType);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
