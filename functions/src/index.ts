/**
 * Wires each Cloud Function trigger to its handler. Handlers live in the
 * capability folders and take their dependencies as arguments.
 */
import { onMessagePublished } from "firebase-functions/v2/pubsub";
import { onRequest } from "firebase-functions/v2/https";
import { setGlobalOptions } from "firebase-functions/v2/options";

import { healthBody } from "./health/health";
import { handleWebhookEvent } from "./events/handle-webhook-event";
import { OrgDirectory } from "./orgs/org-config";
import { systemClock } from "./platform/clock";
import {
  defaultOrgId,
  previousWebhookSecret,
  REGION,
  WEBHOOK_EVENTS_TOPIC,
  webhookMaxAttempts,
  webhookRateLimitPerMinute,
  webhookSecret,
} from "./platform/config";
import { getDb } from "./platform/firestore";
import { createPublisher } from "./platform/publisher";
import { clientIp, RateLimiter } from "./webhook/rate-limiter";
import { receiveWebhook } from "./webhook/receive-webhook";

setGlobalOptions({ region: REGION });

/** Created on first request, after params can be read. */
let rateLimiter: RateLimiter | undefined;
const orgs = new OrgDirectory(getDb);
const publisher = createPublisher({ topic: WEBHOOK_EVENTS_TOPIC });

/** Secret values that mean "no previous secret" outside a rotation. */
const UNSET_SECRET_VALUES = new Set(["", "none"]);

/** Receives Alleaves webhooks at `/alleavesWebhook` or `/alleavesWebhook/{orgId}`. */
export const alleavesWebhook = onRequest(
  {
    secrets: [webhookSecret, previousWebhookSecret],
    // Caps the total rate: each instance enforces its own per-IP limit.
    maxInstances: 10,
    timeoutSeconds: 30,
  },
  async (req, res) => {
    rateLimiter ??= new RateLimiter(webhookRateLimitPerMinute.value());
    const previous = previousWebhookSecret.value().trim();

    const response = await receiveWebhook(
      {
        method: req.method,
        path: req.path,
        headers: req.headers,
        rawBody: req.rawBody,
        clientIp: clientIp(req.headers["x-forwarded-for"], req.socket?.remoteAddress),
      },
      {
        secrets: () => [
          webhookSecret.value().trim(),
          UNSET_SECRET_VALUES.has(previous.toLowerCase()) ? "" : previous,
        ],
        defaultOrgId: () => defaultOrgId.value(),
        publisher,
        orgs,
        rateLimiter,
        clock: systemClock,
      },
    );

    res.status(response.status).set(response.headers ?? {}).json(response.body);
  },
);

/** Applies each published webhook event to Firestore. */
export const processWebhookEvent = onMessagePublished(
  { topic: WEBHOOK_EVENTS_TOPIC, retry: true, timeoutSeconds: 60 },
  async (event) => {
    await handleWebhookEvent(
      {
        data: Buffer.from(event.data.message.data ?? "", "base64"),
        attributes: event.data.message.attributes ?? {},
      },
      { db: getDb, clock: systemClock, maxAttempts: webhookMaxAttempts.value() },
    );
  },
);

/** Answers GET with the status and deployed version, for uptime checks. */
export const health = onRequest((req, res) => {
  if (req.method !== "GET") {
    res.status(405).set("Allow", "GET").json({ error: "use GET" });
    return;
  }
  res.json(healthBody());
});
