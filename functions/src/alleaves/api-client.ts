import type { Clock } from "../platform/clock";
import { AlleavesApiError } from "./api-errors";
import { apiAuthResponse, apiPage } from "./records";
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from "./retry";

/** Login of one Alleaves location. Kept in a secret, never in Firestore. */
export interface AlleavesCredentials {
  username: string;
  password: string;
  pin: string;
}

/** Options of {@link AlleavesClient}; all but the first two have defaults. */
export interface AlleavesClientOptions {
  /** API root, such as https://app.alleaves.com/api. */
  baseUrl: string;
  credentials: AlleavesCredentials;
  /** Milliseconds one HTTP request may take before it is aborted. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Records requested per page. */
  pageSize?: number;
  /** Pages read per list before the response counts as malformed. */
  maxPages?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  clock?: Clock;
}

/** Seconds before a token's stated expiry at which it is renewed. */
const TOKEN_RENEWAL_MARGIN_SECONDS = 60;
/** Token lifetime assumed when the API states none. */
const DEFAULT_TOKEN_LIFETIME_SECONDS = 15 * 60;

/**
 * Client of the Alleaves POS API. Alleaves publishes no API reference, so the
 * shape here follows public integration code: a JWT from POST /auth with
 * username, password and PIN, then /customer/search and /order. The simulator
 * in tools/alleaves-sim serves the same shape locally.
 *
 * Every request has a timeout. 429, 5xx, timeouts and network errors are
 * retried with exponential backoff and jitter, honouring Retry-After. A 401
 * renews the token once; a second 401 fails with kind "auth".
 */
export class AlleavesClient {
  private token: { value: string; expiresAtMs: number } | undefined;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: Clock;

  constructor(private readonly options: AlleavesClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.clock = options.clock ?? (() => new Date());
  }

  /** Returns every customer changed at or after `since`, or all when undefined. */
  listCustomers(since: Date | undefined): Promise<unknown[]> {
    return this.listPages((page) =>
      this.request("POST", "/customer/search", {
        body: { updated_since: since?.toISOString(), page, per_page: this.pageSize },
      }),
    );
  }

  /** Returns every order changed at or after `since`, or all when undefined. */
  listOrders(since: Date | undefined): Promise<unknown[]> {
    return this.listPages((page) => {
      const query = new URLSearchParams({ page: String(page), per_page: String(this.pageSize) });
      if (since) query.set("updated_since", since.toISOString());
      return this.request("GET", `/order?${query}`);
    });
  }

  private get pageSize(): number {
    return this.options.pageSize ?? 100;
  }

  private async listPages(fetchPage: (page: number) => Promise<unknown>): Promise<unknown[]> {
    const maxPages = this.options.maxPages ?? 1000;
    const records: unknown[] = [];

    for (let page = 1; page <= maxPages; page += 1) {
      const parsed = apiPage.safeParse(await fetchPage(page));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AlleavesApiError(
          "malformed",
          `page ${page} is malformed at "${issue.path.join(".")}": ${issue.message}`,
        );
      }
      records.push(...parsed.data.data);
      if (page >= parsed.data.pagination.total_pages) return records;
    }
    throw new AlleavesApiError("malformed", `list has more than ${maxPages} pages`);
  }

  /** Sends an authenticated request, renewing the token once on 401. */
  private async request(method: string, path: string, init: { body?: unknown } = {}) {
    const first = await this.send(method, path, init.body, await this.bearerToken());
    if (first.status === 403) {
      throw new AlleavesApiError("auth", `${method} ${path} was rejected with 403; check the login's permissions`, 403);
    }
    if (first.status !== 401) return first.json;

    this.token = undefined;
    const second = await this.send(method, path, init.body, await this.bearerToken());
    if (second.status === 401 || second.status === 403) {
      throw new AlleavesApiError(
        "auth",
        `${method} ${path} was rejected with ${second.status} after a new token`,
        second.status,
      );
    }
    return second.json;
  }

  private async bearerToken(): Promise<string> {
    const nowMs = this.clock().getTime();
    if (this.token && this.token.expiresAtMs > nowMs) return this.token.value;

    const response = await this.send("POST", "/auth", this.options.credentials, undefined);
    if (response.status === 401 || response.status === 403) {
      throw new AlleavesApiError("auth", `POST /auth rejected the credentials with ${response.status}`, response.status);
    }
    const parsed = apiAuthResponse.safeParse(response.json);
    if (!parsed.success) throw new AlleavesApiError("malformed", "POST /auth returned no token");

    const lifetime = parsed.data.expires_in ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    const usable = Math.max(0, lifetime - TOKEN_RENEWAL_MARGIN_SECONDS);
    this.token = { value: parsed.data.token, expiresAtMs: nowMs + usable * 1000 };
    return this.token.value;
  }

  /**
   * Sends one request with retries. Resolves with the status and parsed JSON
   * of a 2xx or a 401/403; throws AlleavesApiError for anything else.
   */
  private async send(
    method: string,
    path: string,
    body: unknown,
    token: string | undefined,
  ): Promise<{ status: number; json: unknown }> {
    const policy = this.options.retry ?? DEFAULT_RETRY_POLICY;

    for (let attempt = 1; ; attempt += 1) {
      let retryAfter: string | null = null;
      try {
        return await this.sendOnce(method, path, body, token);
      } catch (error) {
        if (!(error instanceof AlleavesApiError) || !error.retryable || attempt >= policy.maxAttempts) {
          throw error;
        }
        retryAfter = error.retryAfter ?? null;
      }
      const delay = retryDelayMs(attempt, retryAfter, policy, this.options.random, this.clock().getTime());
      await this.sleep(delay);
    }
  }

  private async sendOnce(
    method: string,
    path: string,
    body: unknown,
    token: string | undefined,
  ): Promise<{ status: number; json: unknown }> {
    const endpoint = `${method} ${path.split("?")[0]}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;

    let response: Response;
    let text: string;
    try {
      response = await this.fetch(`${this.options.baseUrl.replace(/\/$/, "")}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new AlleavesApiError("timeout", `${endpoint} timed out after ${this.options.timeoutMs ?? 15_000} ms`);
      }
      const cause = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new AlleavesApiError("network", `${endpoint} failed: ${cause}`);
    }

    if (response.status === 401 || response.status === 403) {
      return { status: response.status, json: undefined };
    }
    if (!response.ok) {
      throw new AlleavesApiError(
        "http",
        `${endpoint} returned ${response.status}`,
        response.status,
        response.headers.get("retry-after"),
      );
    }
    try {
      return { status: response.status, json: JSON.parse(text) };
    } catch {
      throw new AlleavesApiError("malformed", `${endpoint} returned invalid JSON (${text.length} bytes)`);
    }
  }
}
