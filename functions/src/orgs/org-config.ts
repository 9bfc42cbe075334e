import type { Firestore } from "firebase-admin/firestore";

/** Org ids this project accepts in URLs and document paths. */
const ORG_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Document ids that Firestore reserves for itself. */
const RESERVED_ID_PATTERN = /^__.*__$/;

/** Whether `orgId` is well formed enough to use in a document path. */
export function isValidOrgId(orgId: string): boolean {
  return ORG_ID_PATTERN.test(orgId) && !RESERVED_ID_PATTERN.test(orgId);
}

/** Path of an org's Alleaves integration document, which holds `enabled`. */
export function integrationPath(orgId: string): string {
  return `orgs/${orgId}/integrations/alleaves`;
}

/**
 * Answers whether an org has its Alleaves integration enabled, caching each
 * answer for `ttlMs` so a burst of webhooks costs one Firestore read.
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
