import { OrgDirectory } from "../../src/orgs/org-config";
import { createPublisher } from "../../src/platform/publisher";
import { RateLimiter } from "../../src/webhook/rate-limiter";
import {
  receiveWebhook,
  type ReceiverDependencies,
  type WebhookRequest,
} from "../../src/webhook/receive-webhook";
import { signBody } from "../../src/webhook/signature";
import { createOrg, db, sampleBody } from "./stack";

const SECRET = "receiver-handler-test-secret";

/** Receiver dependencies on the emulator stack, with `overrides` applied. */
function dependencies(overrides: Partial<ReceiverDependencies> = {}): ReceiverDependencies {
  return {
    secrets: () => [SECRET, ""],
    defaultOrgId: () => "demo-org",
    publisher: createPublisher({ topic: "alleaves-webhook-events" }),
    orgs: new OrgDirectory(db),
    rateLimiter: new RateLimiter(100),
    clock: () => new Date(),
    ...overrides,
  };
}

function signedRequest(orgId: string, body: string, clientIp = "203.0.113.7"): WebhookRequest {
  return {
    method: "POST",
    path: `/${orgId}`,
    headers: { "content-type": "application/json", "x-alleaves-signature": signBody(body, SECRET) },
    rawBody: Buffer.from(body),
    clientIp,
  };
}

describe("receiveWebhook on the emulator stack", () => {
  test("Pub/Sub down gets 503", async () => {
    const orgId = await createOrg();
    // Nothing listens on port 1, so every publish fails.
    const publisher = createPublisher({
      topic: "alleaves-webhook-events",
      apiEndpoint: "127.0.0.1:1",
      timeoutMs: 3000,
    });

    const response = await receiveWebhook(
      signedRequest(orgId, sampleBody("customer.created")),
      dependencies({ publisher }),
    );

    expect(response.status).toBe(503);
    expect(response.headers?.["Retry-After"]).toBe("60");
  });

  test("Pub/Sub up gets 200 with id", async () => {
    const orgId = await createOrg();

    const response = await receiveWebhook(
      signedRequest(orgId, sampleBody("customer.created")),
      dependencies(),
    );

    expect(response.status).toBe(200);
    expect(response.body.id).toMatch(/^sha256_[0-9a-f]{64}$/);
  });

  test("rate limit gets 429 with Retry-After", async () => {
    const orgId = await createOrg();
    const deps = dependencies({ rateLimiter: new RateLimiter(2) });
    const body = sampleBody("customer.created");

    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await receiveWebhook(signedRequest(orgId, body), deps)).status);
    }
    const otherClient = await receiveWebhook(signedRequest(orgId, body, "198.51.100.9"), deps);

    expect(statuses).toEqual([200, 200, 429]);
    expect(otherClient.status).toBe(200);
  });

  test("rate limit response names Retry-After", async () => {
    const orgId = await createOrg();
    const deps = dependencies({ rateLimiter: new RateLimiter(0) });

    const response = await receiveWebhook(signedRequest(orgId, "{}"), deps);

    expect(response.status).toBe(429);
    expect(Number(response.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
  });

  test("rotated secret is accepted", async () => {
    const orgId = await createOrg();
    const deps = dependencies({ secrets: () => ["the-new-secret", SECRET] });

    const response = await receiveWebhook(
      signedRequest(orgId, sampleBody("customer.created")),
      deps,
    );

    expect(response.status).toBe(200);
  });

  test("empty secret gets 500, never accepts", async () => {
    const orgId = await createOrg();
    const body = sampleBody("customer.created");
    const request = signedRequest(orgId, body);
    request.headers["x-alleaves-signature"] = signBody(body, "");

    const response = await receiveWebhook(request, dependencies({ secrets: () => ["", ""] }));

    expect(response.status).toBe(500);
  });

  test("invalid JSON message names the problem", async () => {
    const orgId = await createOrg();

    const response = await receiveWebhook(signedRequest(orgId, '{"event":'), dependencies());

    expect(response.status).toBe(400);
    expect(String(response.body.error)).toContain("body is not valid JSON");
  });

  test("compressed body gets 415", async () => {
    const orgId = await createOrg();
    const request = signedRequest(orgId, sampleBody("customer.created"));
    request.headers["content-encoding"] = "gzip";

    const response = await receiveWebhook(request, dependencies());

    expect(response.status).toBe(415);
  });

  test("path without org uses default", async () => {
    const orgId = await createOrg();
    const request = { ...signedRequest(orgId, sampleBody("customer.created")), path: "/" };

    const response = await receiveWebhook(request, dependencies({ defaultOrgId: () => orgId }));

    expect(response.status).toBe(200);
  });

  test("nested path gets 404", async () => {
    const orgId = await createOrg();
    const request = { ...signedRequest(orgId, sampleBody("customer.created")), path: `/${orgId}/x` };

    const response = await receiveWebhook(request, dependencies());

    expect(response.status).toBe(404);
  });
});
