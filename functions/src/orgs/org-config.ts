import type { Firestore } from "firebase-admin/firestore";

/** Org ids this project accepts in URLs and document paths. */
const ORG_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Document ids that Firestore reserves for itself. */
const RESERVED_ID_PATTERN = /^__.*__$/;

/** Returns whether `orgId` is well formed enough to use in a document path. */
export function isValidOrgId(orgId: string): boolean {
  return ORG_ID_PATTERN.test(orgId) && !RESERVED_ID_PATTERN.test(orgId);
}

/** Path of an org's Alleaves integration document, which contains `enabled`. */
export function integrationPath(orgId: string): string {
  return `orgs/${orgId}/integrations/alleaves`;
}

/**
 * Reports whether an org has its Alleaves integration enabled, caching each
 * result for `ttlMs` so a burst of webhooks costs one Firestore read.
 */
export class OrgDirectory {
  private readonly cache = new Map<string, { enabled: boolean; until: number }>();

  constructor(
    private readonly db: () => Firestore,
    private readonly ttlMs = 60_000,
  ) {}

  /** Resolves true when the integration document exists with enabled true. */
  async isEnabled(orgId: string, nowMs: number): Promise<boolean> {
    if (!isValidOrgId(orgId)) return false;

    const cached = this.cache.get(orgId);
    if (cached && cached.until > nowMs) return cached.enabled;

    const snapshot = await this.db().doc(integrationPath(orgId)).get();
    const enabled = snapshot.get("enabled") === true;
    this.cache.set(orgId, { enabled, until: nowMs + this.ttlMs });
    return enabled;
  }
}

/** An org's Alleaves integration document, as far as this project reads it. */
export interface AlleavesIntegration {
  enabled?: boolean;
  /** IANA time zone of the org's business hours. */
  timeZone?: string;
  /** Alleaves API root the sync reads, such as https://app.alleaves.com/api. */
  apiBaseUrl?: string;
  /** Key of the org's login in the ALLEAVES_API_CREDENTIALS secret. */
  credentialsId?: string;
  [field: string]: unknown;
}

/** An org with its enabled Alleaves integration, from {@link listEnabledOrgs}. */
export interface EnabledOrg {
  orgId: string;
  integration: AlleavesIntegration;
  /** Time of the integration document's last write. */
  updatedAt: Date | undefined;
}

/**
 * Returns every org whose Alleaves integration is enabled, with its
 * integration document.
 *
 * NOTE: orgs are listed by querying `orgs`, so an org without an
 * `orgs/{orgId}` document (only subcollections) is never found.
 * listDocuments() or a collection-group query on `integrations` would find
 * it, but the offline Firestore fallback of the local stack implements
 * neither.
 */
export async function listEnabledOrgs(db: Firestore): Promise<EnabledOrg[]> {
  const orgs = await db.collection("orgs").select().get();
  if (orgs.empty) return [];

  const refs = orgs.docs.map((org) => db.doc(integrationPath(org.id)));
  // getAll returns the documents in the order of the references.
  const integrations = await db.getAll(...refs);
  return integrations
    .filter((snapshot) => snapshot.get("enabled") === true)
    .map((snapshot) => ({
      orgId: snapshot.ref.parent.parent!.id,
      integration: snapshot.data() as AlleavesIntegration,
      updatedAt: snapshot.updateTime?.toDate(),
    }));
}
