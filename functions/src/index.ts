/**
 * Wires each Cloud Function trigger to its handler. Handlers live in the
 * capability folders and take their dependencies as arguments.
 */
import { onMessagePublished } from "firebase-functions/v2/pubsub";
import { onRequest } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { setGlobalOptions } from "firebase-functions/v2/options";

import { AlleavesClient } from "./alleaves/api-client";
import { parseCredentialsSecret } from "./alleaves/credentials";
import { healthBody } from "./health/health";
import {
  reportWebhookSilence,
  SILENCE_CHECK_SCHEDULE,
} from "./monitoring/report-webhook-silence";
import { DEFAULT_TIME_ZONE } from "./monitoring/webhook-silence";
import { handleWebhookEvent } from "./events/handle-webhook-event";
import { OrgDirectory } from "./orgs/org-config";
import { systemClock } from "./platform/clock";
import {
  alleavesApiCredentials,
  defaultOrgId,
  previousWebhookSecret,
  REGION,
  WEBHOOK_EVENTS_TOPIC,
  webhookMaxAttempts,
  webhookRateLimitPerMinute,
  webhookSecret,
} from "./platform/config";
import { getAdminAuth, getDb } from "./platform/firestore";
import { createPublisher } from "./platform/publisher";
import { clientIp, RateLimiter } from "./webhook/rate-limiter";
import { receiveWebhook } from "./webhook/receive-webhook";
import { syncAllOrgs } from "./sync/sync-all";
import { handleSyncNow } from "./sync/sync-now";
import { syncOrg, type SyncDependencies } from "./sync/sync-org";

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

/** Sync dependencies, built per invocation because the secret is read then. */
function syncDependencies(): SyncDependencies {
  const logins = parseCredentialsSecret(alleavesApiCredentials.value());
  return {
    db: getDb,
    clock: systemClock,
    credentials: (credentialsId) => logins.get(credentialsId),
    createReader: (baseUrl, credentials) => new AlleavesClient({ baseUrl, credentials }),
  };
}

/** Syncs every enabled org from the Alleaves API, catching missed webhooks. */
export const scheduledSync = onSchedule(
  {
    schedule: "every 30 minutes",
    timeZone: "America/Los_Angeles",
    // A retry re-reads from the stored cursors, so it never duplicates data.
    retryCount: 2,
    timeoutSeconds: 540,
    secrets: [alleavesApiCredentials],
  },
  async () => {
    await syncAllOrgs(syncDependencies());
  },
);

/** The dashboard's "Sync Now": syncs one org for an org admin. */
export const syncNow = onRequest(
  { secrets: [alleavesApiCredentials], cors: true, timeoutSeconds: 300 },
  async (req, res) => {
    const deps = syncDependencies();
    const response = await handleSyncNow(
      {
        method: req.method,
        path: req.path,
        authorization: req.headers.authorization,
        body: req.body,
      },
      {
        verifyIdToken: (token) => getAdminAuth().verifyIdToken(token),
        syncOrg: (orgId) => syncOrg(orgId, deps),
      },
    );
    res.status(response.status).json(response.body);
  },
);

/** Responds to GET with the status and deployed version, for uptime checks. */
export const health = onRequest((req, res) => {
  if (req.method !== "GET") {
    res.status(405).set("Allow", "GET").json({ error: "use GET" });
    return;
  }
  res.json(healthBody());
});

/**
 * Warns about each enabled org without webhooks for over an hour inside its
 * business hours. The silence alert policy counts those warnings.
 */
export const checkWebhookSilence = onSchedule(
  {
    schedule: SILENCE_CHECK_SCHEDULE,
    timeZone: DEFAULT_TIME_ZONE,
    timeoutSeconds: 120,
  },
  async () => {
    await reportWebhookSilence({ db: getDb, clock: systemClock });
  },
);
