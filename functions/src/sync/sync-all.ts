import { listEnabledOrgs } from "../orgs/org-config";
import { logError } from "../platform/log";
import { syncOrg, type SyncDependencies, type SyncSummary } from "./sync-org";

/**
 * Syncs every enabled org, one after another. A failing org is recorded and
 * logged by syncOrg, and an error outside it is logged here, so one org never
 * stops the others. Throws only when the orgs cannot be listed.
 */
export async function syncAllOrgs(deps: SyncDependencies): Promise<SyncSummary[]> {
  const orgs = await listEnabledOrgs(deps.db());
  const summaries: SyncSummary[] = [];

  for (const { orgId } of orgs) {
    try {
      summaries.push(await syncOrg(orgId, deps));
    } catch (error) {
      logError(`Sync of org ${orgId} failed outside the run`, {
        component: "sync",
        orgId,
        outcome: "sync_failed",
        reason: (error as Error).message,
      });
    }
  }
  return summaries;
}
