import { logInfo, logWarn } from "../../../src/platform/log";
import {
  handleSyncNow,
  type SyncNowRequest,
  type VerifiedToken,
} from "../../../src/sync/sync-now";
import type { SyncSummary } from "../../../src/sync/sync-org";

// Replaces the log functions with jest mocks, which keeps test output quiet
// and lets tests read what was logged.
jest.mock("../../../src/platform/log");

const ID_TOKEN = "id-token-Xy81-never-logged";
const ADMIN: VerifiedToken = { uid: "user-1", orgId: "org-1", role: "admin" };

function summary(status: SyncSummary["status"]): SyncSummary {
  const counts = { fetched: 3, written: 2, skipped: 1, invalid: 0 };
  return {
    orgId: "org-1",
    runId: "run-1",
    status,
    ...(status === "succeeded" ? {} : { error: `run ${status}` }),
    startedAt: "2025-06-01T12:00:00.000Z",
    finishedAt: "2025-06-01T12:00:05.000Z",
    since: null,
    customers: counts,
    orders: counts,
  };
}

function post(overrides: Partial<SyncNowRequest> = {}): SyncNowRequest {
  return {
    method: "POST",
    path: "/org-1",
    authorization: `Bearer ${ID_TOKEN}`,
    body: undefined,
    ...overrides,
  };
}

/**
 * Fake dependencies: verifyIdToken resolves `caller`, or rejects when it is
 * an Error, and syncOrg resolves `result`. Both record their arguments.
 */
function fakeDeps(
  caller: VerifiedToken | Error = ADMIN,
  result: SyncSummary = summary("succeeded"),
) {
  const verifiedTokens: string[] = [];
  const syncedOrgs: string[] = [];

  const deps = {
    verifyIdToken: async (token: string) => {
      verifiedTokens.push(token);
      if (caller instanceof Error) throw caller;
      return caller;
    },
    syncOrg: async (orgId: string) => {
      syncedOrgs.push(orgId);
      return result;
    },
  };
  return { deps, verifiedTokens, syncedOrgs };
}

/** Everything passed to the mocked log functions, as one string. */
function loggedText(): string {
  const calls = [
    ...jest.mocked(logInfo).mock.calls,
    ...jest.mocked(logWarn).mock.calls,
  ];
  return JSON.stringify(calls);
}

beforeEach(() => {
  jest.mocked(logInfo).mockClear();
  jest.mocked(logWarn).mockClear();
});

describe("handleSyncNow request checks", () => {
  test.each(["GET", "PUT", "OPTIONS"])(
    "rejects %s with 405",
    async (method) => {
      const { deps } = fakeDeps();

      const response = await handleSyncNow(post({ method }), deps);

      expect(response.status).toBe(405);
    },
  );

  test("GET does not sync", async () => {
    const { deps, syncedOrgs } = fakeDeps();

    await handleSyncNow(post({ method: "GET" }), deps);

    expect(syncedOrgs).toEqual([]);
  });

  test.each([
    ["root path, no body", "/", undefined],
    ["empty path, no body", "", undefined],
    ["body without orgId", "/", {}],
    ["numeric body orgId", "/", { orgId: 7 }],
    ["null body", "/", null],
    ["nested path", "/org-1/extra", undefined],
    ["reserved id", "/__org__", undefined],
    ["invalid characters", "/", { orgId: "org 1" }],
  ])("%s is 400", async (_case, path, body) => {
    const { deps } = fakeDeps();

    const response = await handleSyncNow(post({ path, body }), deps);

    expect(response.status).toBe(400);
  });

  test("missing org id skips sync", async () => {
    const { deps, syncedOrgs } = fakeDeps();

    await handleSyncNow(post({ path: "/" }), deps);

    expect(syncedOrgs).toEqual([]);
  });

  test("missing token wins over missing org", async () => {
    const { deps } = fakeDeps();

    const response = await handleSyncNow(post({ path: "/", authorization: undefined }), deps);

    expect(response.status).toBe(401);
  });

  test("malformed percent-encoding is 400", async () => {
    const { deps } = fakeDeps();

    const response = await handleSyncNow(post({ path: "/%E0%A4%A" }), deps);

    expect(response.status).toBe(400);
  });
});

describe("handleSyncNow org id", () => {
  test("reads org id from path", async () => {
    const { deps, syncedOrgs } = fakeDeps();

    await handleSyncNow(post({ path: "/org-1" }), deps);

    expect(syncedOrgs).toEqual(["org-1"]);
  });

  test("reads org id from body", async () => {
    const caller = { ...ADMIN, orgId: "org-2" };
    const { deps, syncedOrgs } = fakeDeps(caller);

    const request = post({ path: "/", body: { orgId: "org-2" } });
    await handleSyncNow(request, deps);

    expect(syncedOrgs).toEqual(["org-2"]);
  });

  test("decodes percent-encoded path", async () => {
    const { deps, syncedOrgs } = fakeDeps();

    await handleSyncNow(post({ path: "/org%2D1" }), deps);

    expect(syncedOrgs).toEqual(["org-1"]);
  });

  test("path org id wins over body", async () => {
    const { deps, syncedOrgs } = fakeDeps();

    await handleSyncNow(post({ body: { orgId: "org-2" } }), deps);

    expect(syncedOrgs).toEqual(["org-1"]);
  });
});

describe("handleSyncNow authentication", () => {
  test.each([
    ["missing header", undefined],
    ["empty header", ""],
    ["Basic scheme", "Basic dXNlcjpwYXNz"],
    ["Bearer without token", "Bearer "],
  ])("%s is 401", async (_case, authorization) => {
    const { deps } = fakeDeps();

    const response = await handleSyncNow(post({ authorization }), deps);

    expect(response.status).toBe(401);
  });

  test("missing header skips verification", async () => {
    const { deps, verifiedTokens } = fakeDeps();

    await handleSyncNow(post({ authorization: undefined }), deps);

    expect(verifiedTokens).toEqual([]);
  });

  test("passes bare token to verifier", async () => {
    const { deps, verifiedTokens } = fakeDeps();

    await handleSyncNow(post(), deps);

    expect(verifiedTokens).toEqual([ID_TOKEN]);
  });

  test("accepts lower-case bearer scheme", async () => {
    const { deps } = fakeDeps();

    const response = await handleSyncNow(
      post({ authorization: `bearer ${ID_TOKEN}` }),
      deps,
    );

    expect(response.status).toBe(200);
  });

  test("rejected ID token is 401", async () => {
    const { deps } = fakeDeps(new Error("auth/id-token-expired"));

    const response = await handleSyncNow(post(), deps);

    expect(response.status).toBe(401);
  });

  test("rejected ID token skips sync", async () => {
    const { deps, syncedOrgs } = fakeDeps(new Error("auth/argument-error"));

    await handleSyncNow(post(), deps);

    expect(syncedOrgs).toEqual([]);
  });

  test("rejected token never logged", async () => {
    const { deps } = fakeDeps(new Error("auth/argument-error"));

    await handleSyncNow(post(), deps);

    expect(loggedText()).not.toContain(ID_TOKEN);
  });
});

describe("handleSyncNow authorization", () => {
  test.each<[string, VerifiedToken]>([
    ["another org", { ...ADMIN, orgId: "org-2" }],
    ["viewer role", { ...ADMIN, role: "viewer" }],
    ["no claims", { uid: "user-1" }],
    ["role in wrong case", { ...ADMIN, role: "Admin" }],
  ])("%s is 403", async (_case, caller) => {
    const { deps } = fakeDeps(caller);

    const response = await handleSyncNow(post(), deps);

    expect(response.status).toBe(403);
  });

  test("forbidden caller does not sync", async () => {
    const { deps, syncedOrgs } = fakeDeps({ ...ADMIN, role: "viewer" });

    await handleSyncNow(post(), deps);

    expect(syncedOrgs).toEqual([]);
  });

  test("forbidden caller logs uid", async () => {
    const { deps } = fakeDeps({ ...ADMIN, orgId: "org-2" });

    await handleSyncNow(post(), deps);

    expect(jest.mocked(logWarn).mock.calls[0][0]).toContain("user-1");
  });
});

describe("handleSyncNow run result", () => {
  test("admin gets 200 with summary", async () => {
    const { deps } = fakeDeps();

    const response = await handleSyncNow(post(), deps);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(summary("succeeded"));
  });

  test("admin run syncs that org", async () => {
    const { deps, syncedOrgs } = fakeDeps();

    await handleSyncNow(post(), deps);

    expect(syncedOrgs).toEqual(["org-1"]);
  });

  test.each<[SyncSummary["status"], number]>([
    ["failed", 502],
    ["skipped", 409],
  ])("%s summary is %p", async (status, httpStatus) => {
    const { deps } = fakeDeps(ADMIN, summary(status));

    const response = await handleSyncNow(post(), deps);

    expect(response.status).toBe(httpStatus);
    expect(response.body).toEqual(summary(status));
  });

  test("throwing sync is 500", async () => {
    const { deps } = fakeDeps();
    deps.syncOrg = async () => {
      throw new Error("Firestore unavailable");
    };

    const response = await handleSyncNow(post(), deps);

    expect(response.status).toBe(500);
    expect(String(response.body.error)).toContain("Firestore unavailable");
  });

  test("successful run never logs token", async () => {
    const { deps } = fakeDeps();

    await handleSyncNow(post(), deps);

    expect(loggedText()).not.toContain(ID_TOKEN);
  });
});
