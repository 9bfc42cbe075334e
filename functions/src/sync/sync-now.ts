import { isValidOrgId } from "../orgs/org-config";
import { logError, logInfo, logWarn } from "../platform/log";
import { pathSegments } from "../platform/url-path";
import type { SyncSummary } from "./sync-org";

/**
 * HTTP status of each run outcome. A skipped run is 409: another run holds
 * the lease, or the integration is not enabled or configured.
 */
const SUMMARY_STATUS: Record<SyncSummary["status"], number> = {
  succeeded: 200,
  failed: 502,
  skipped: 409,
};

/** Custom-claim role that may run Sync Now for its org. */
export const SYNC_NOW_ROLE = "admin";

/** A Sync Now request, free of any HTTP framework. */
export interface SyncNowRequest {
  method: string;
  /** `/` or `/{orgId}`. */
  path: string;
  authorization: string | undefined;
  /** Parsed JSON body; `{orgId}` when the path has none. */
  body: unknown;
}

/** The claims of a verified Firebase Auth ID token this endpoint reads. */
export interface VerifiedToken {
  uid: string;
  orgId?: unknown;
  role?: unknown;
}

/** Everything Sync Now needs, injected so tests can supply their own. */
export interface SyncNowDependencies {
  /** Verifies a Firebase Auth ID token; rejects when invalid or expired. */
  verifyIdToken: (token: string) => Promise<VerifiedToken>;
  syncOrg: (orgId: string) => Promise<SyncSummary>;
}

/**
 * Runs the dashboard's "Sync Now" for one org and returns the run summary.
 * The caller needs a Firebase Auth ID token whose custom claims name that org
 * (`orgId`) with role `admin`. The token is checked first: 401 without a
 * valid one, then 400 without a valid org id and 403 for another org or role.
 * A skipped run is 409 and a failed run 502, each with the summary. A sync
 * that throws (Firestore unavailable) is 500.
 */
export async function handleSyncNow(
  request: SyncNowRequest,
  deps: SyncNowDependencies,
): Promise<{ status: number; body: Record<string, unknown> }> {
  if (request.method !== "POST") {
    return { status: 405, body: { error: `method ${request.method} is not allowed; use POST` } };
  }

  const token = /^Bearer (.+)$/i.exec(request.authorization ?? "")?.[1];
  if (!token) {
    return { status: 401, body: { error: "missing Authorization: Bearer <Firebase ID token>" } };
  }
  let caller: VerifiedToken;
  try {
    caller = await deps.verifyIdToken(token);
  } catch {
    logWarn("Sync Now rejected an invalid ID token", { component: "sync" });
    return { status: 401, body: { error: "the ID token is invalid or expired; sign in again" } };
  }

  const orgId = orgIdFrom(request);
  if (!orgId || !isValidOrgId(orgId)) {
    return { status: 400, body: { error: "missing or invalid orgId: use /syncNow/{orgId} or a JSON body {\"orgId\": ...}" } };
  }

  if (caller.orgId !== orgId || caller.role !== SYNC_NOW_ROLE) {
    logWarn(`Sync Now denied to user ${caller.uid}`, { component: "sync", orgId });
    return { status: 403, body: { error: `this account is not an ${SYNC_NOW_ROLE} of org ${orgId}` } };
  }

  logInfo(`Sync Now requested by user ${caller.uid}`, { component: "sync", orgId });
  let summary: SyncSummary;
  try {
    summary = await deps.syncOrg(orgId);
  } catch (error) {
    const reason = (error as Error).message;
    logError("Sync Now could not run the sync", { component: "sync", orgId, reason });
    return { status: 500, body: { error: `the sync could not run: ${reason}; try again later` } };
  }
  return { status: SUMMARY_STATUS[summary.status], body: { ...summary } };
}

function orgIdFrom(request: SyncNowRequest): string | undefined {
  const segments = pathSegments(request.path);
  if (segments === undefined || segments.length > 1) return undefined;
  if (segments.length === 1) return segments[0];

  const fromBody = (request.body as { orgId?: unknown } | undefined)?.orgId;
  return typeof fromBody === "string" ? fromBody : undefined;
}
