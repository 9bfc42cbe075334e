/** Reason a call to the Alleaves API failed. */
export type AlleavesErrorKind =
  | "auth"
  | "http"
  | "timeout"
  | "network"
  | "malformed";

/** A failed Alleaves API call; the message names the endpoint and cause. */
export class AlleavesApiError extends Error {
  constructor(
    readonly kind: AlleavesErrorKind,
    message: string,
    readonly status?: number,
    /** The response's Retry-After header, for 429 and 503. */
    readonly retryAfter?: string | null,
  ) {
    super(message);
    this.name = "AlleavesApiError";
  }

  /** Whether retrying the same request may succeed: 429, 5xx, timeouts, network. */
  get retryable(): boolean {
    if (this.kind === "timeout" || this.kind === "network") return true;
    if (this.kind !== "http" || this.status === undefined) return false;
    return this.status === 429 || this.status >= 500;
  }
}
