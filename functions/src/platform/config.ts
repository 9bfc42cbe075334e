import { defineInt, defineSecret, defineString } from "firebase-functions/params";

/** Region every function of this project deploys to. */
export const REGION = "us-central1";

/** Pub/Sub topic between the webhook receiver and the event worker. */
export const WEBHOOK_EVENTS_TOPIC = "alleaves-webhook-events";

/** Shared HMAC secret that Alleaves signs every webhook with. */
export const webhookSecret = defineSecret("ALLEAVES_WEBHOOK_SECRET");

/**
 * The secret being replaced during a rotation. Secret Manager needs a value for
 * every declared secret, so outside a rotation it contains the word `none`.
 */
export const previousWebhookSecret = defineSecret(
  "ALLEAVES_WEBHOOK_SECRET_PREVIOUS",
);

/** Org that receives webhooks posted to the URL without an org segment. */
export const defaultOrgId = defineString("ALLEAVES_DEFAULT_ORG_ID", {
  default: "demo-org",
  description: "Org id used when the webhook URL has no org segment.",
});

/** Requests per minute one client IP may send to one receiver instance. */
export const webhookRateLimitPerMinute = defineInt(
  "WEBHOOK_RATE_LIMIT_PER_MINUTE",
  {
    default: 100,
    description: "Webhook requests per minute per client IP and instance.",
  },
);

/** Deliveries of one event before the worker dead-letters it. */
export const webhookMaxAttempts = defineInt("WEBHOOK_MAX_ATTEMPTS", {
  default: 5,
  description: "Processing attempts before an event goes to the dead letters.",
});

/**
 * Alleaves API logins for the sync: JSON mapping a credentials id to
 * `{username, password, pin}`. Each org's integration document names its id.
 */
export const alleavesApiCredentials = defineSecret("ALLEAVES_API_CREDENTIALS");
