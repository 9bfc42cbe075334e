/** How long ledger records live before Firestore's TTL policy deletes them. */
export const LEDGER_TTL_DAYS = 30;

/** Status of one event in the ledger. */
export type LedgerStatus = "processing" | "processed" | "failed" | "ignored";

/** Statuses after which a delivery of the same event changes nothing. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set<LedgerStatus>([
  "processed",
  "failed",
  "ignored",
]);

/** Path of the ledger record of one event. */
export function ledgerPath(orgId: string, eventKey: string): string {
  return `orgs/${orgId}/webhookEvents/${eventKey}`;
}

/** Path of the dead-letter record of one event. */
export function deadLetterPath(orgId: string, eventKey: string): string {
  return `orgs/${orgId}/deadLetters/${eventKey}`;
}

/** Time at which a record written at `now` expires (the TTL field). */
export function expireAt(now: Date): Date {
  return new Date(now.getTime() + LEDGER_TTL_DAYS * 24 * 60 * 60 * 1000);
}
