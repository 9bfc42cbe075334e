import {
  AlleavesClient,
  type AlleavesClientOptions,
} from "../../../src/alleaves/api-client";
import { AlleavesApiError } from "../../../src/alleaves/api-errors";

const BASE_URL = "https://alleaves.test/api";
const CREDENTIALS = {
  username: "store-user",
  password: "store-password",
  pin: "4821",
};
const START_MS = Date.parse("2025-06-01T12:00:00Z");
const SINCE = new Date("2025-05-31T00:00:00Z");
const TOKEN_LIFETIME_SECONDS = 3_600;
/** Seconds before expiry at which the client renews its token. */
const RENEWAL_MARGIN_SECONDS = 60;
const RETRY = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 };

/** One request as the fake fetch received it. */
interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** Parsed JSON body, or undefined without a body. */
  body: unknown;
}

/** A scripted reply: a response to return or an error to reject with. */
type Reply = Response | Error;

function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function statusResponse(
  status: number,
  headers: Record<string, string> = {},
): Response {
  return new Response(`status ${status}`, { status, headers });
}

function page(data: unknown[], pageNumber: number, totalPages: number) {
  return jsonResponse({
    data,
    pagination: { page: pageNumber, total_pages: totalPages },
  });
}

function errorNamed(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * Builds a client against a fake Alleaves API. POST /auth returns the next of
 * `authReplies` and, once they run out, tokens `token-1`, `token-2`, ...
 * Every other request returns the next of `dataReplies`. A request with no
 * reply left gets a 418, so the test fails with that status in its message.
 */
function setup(options: {
  dataReplies?: Reply[];
  authReplies?: Reply[];
  client?: Partial<AlleavesClientOptions>;
}) {
  const dataReplies = [...(options.dataReplies ?? [])];
  const authReplies = [...(options.authReplies ?? [])];
  const requests: RecordedRequest[] = [];
  const sleeps: number[] = [];
  let tokensIssued = 0;
  let nowMs = START_MS;

  const reply = (request: RecordedRequest): Reply => {
    if (request.url.pathname === "/api/auth") {
      const scripted = authReplies.shift();
      if (scripted) return scripted;

      tokensIssued += 1;
      return jsonResponse({
        token: `token-${tokensIssued}`,
        expires_in: TOKEN_LIFETIME_SECONDS,
      });
    }
    return dataReplies.shift() ?? statusResponse(418);
  };

  const fakeFetch = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const request: RecordedRequest = {
      method: init?.method ?? "GET",
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);

    const result = reply(request);
    if (result instanceof Error) throw result;
    return result;
  };

  const client = new AlleavesClient({
    baseUrl: BASE_URL,
    credentials: CREDENTIALS,
    retry: RETRY,
    pageSize: 50,
    fetch: fakeFetch as typeof fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    clock: () => new Date(nowMs),
    ...options.client,
  });

  return {
    client,
    sleeps,
    authRequests: () =>
      requests.filter((request) => request.url.pathname === "/api/auth"),
    dataRequests: () =>
      requests.filter((request) => request.url.pathname !== "/api/auth"),
    advanceClock: (ms: number) => {
      nowMs += ms;
    },
  };
}

/** Awaits `promise` and returns the AlleavesApiError it rejects with. */
async function apiErrorOf(
  promise: Promise<unknown>,
): Promise<AlleavesApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AlleavesApiError) return error;
    throw error;
  }
  throw new Error("expected an AlleavesApiError, but the call resolved");
}

describe("AlleavesClient authentication", () => {
  test("posts credentials to /auth", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listOrders(undefined);

    const [auth] = api.authRequests();
    expect(auth.method).toBe("POST");
    expect(auth.body).toEqual(CREDENTIALS);
  });

  test("/auth request has no Authorization", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listOrders(undefined);

    expect(api.authRequests()[0].headers.has("authorization")).toBe(false);
  });

  test("sends token as Bearer", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listOrders(undefined);

    const [request] = api.dataRequests();
    expect(request.headers.get("authorization")).toBe("Bearer token-1");
  });

  test("reuses token across requests", async () => {
    const api = setup({ dataReplies: [page([], 1, 1), page([], 1, 1)] });

    await api.client.listOrders(undefined);
    await api.client.listCustomers(undefined);

    expect(api.authRequests()).toHaveLength(1);
    expect(api.dataRequests()[1].headers.get("authorization")).toBe(
      "Bearer token-1",
    );
  });

  test("reuses token within renewal margin", async () => {
    const api = setup({ dataReplies: [page([], 1, 1), page([], 1, 1)] });
    const usableSeconds = TOKEN_LIFETIME_SECONDS - RENEWAL_MARGIN_SECONDS;

    await api.client.listOrders(undefined);
    api.advanceClock((usableSeconds - 1) * 1000);
    await api.client.listOrders(undefined);

    expect(api.authRequests()).toHaveLength(1);
  });

  test("renews token after expiry margin", async () => {
    const api = setup({ dataReplies: [page([], 1, 1), page([], 1, 1)] });
    const usableSeconds = TOKEN_LIFETIME_SECONDS - RENEWAL_MARGIN_SECONDS;

    await api.client.listOrders(undefined);
    api.advanceClock((usableSeconds + 1) * 1000);
    await api.client.listOrders(undefined);

    expect(api.authRequests()).toHaveLength(2);
    expect(api.dataRequests()[1].headers.get("authorization")).toBe(
      "Bearer token-2",
    );
  });

  test("assumes 15 minutes without expires_in", async () => {
    const api = setup({
      authReplies: [jsonResponse({ token: "short" })],
      dataReplies: [page([], 1, 1), page([], 1, 1), page([], 1, 1)],
    });

    await api.client.listOrders(undefined);
    api.advanceClock((15 * 60 - RENEWAL_MARGIN_SECONDS - 1) * 1000);
    await api.client.listOrders(undefined);
    api.advanceClock(2_000);
    await api.client.listOrders(undefined);

    expect(api.authRequests()).toHaveLength(2);
  });

  test("401 renews token and retries", async () => {
    const api = setup({
      dataReplies: [statusResponse(401), page(["order"], 1, 1)],
    });

    const orders = await api.client.listOrders(undefined);

    expect(orders).toEqual(["order"]);
    expect(api.authRequests()).toHaveLength(2);
    expect(api.dataRequests()[1].headers.get("authorization")).toBe(
      "Bearer token-2",
    );
  });

  test("second 401 throws auth error", async () => {
    const api = setup({
      dataReplies: [statusResponse(401), statusResponse(401)],
    });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("auth");
    expect(error.status).toBe(401);
    expect(api.dataRequests()).toHaveLength(2);
  });

  test.each([401, 403])("/auth %p throws auth error", async (status) => {
    const api = setup({ authReplies: [statusResponse(status)] });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("auth");
    expect(error.status).toBe(status);
    expect(api.dataRequests()).toHaveLength(0);
  });

  test("/auth without token is malformed", async () => {
    const api = setup({ authReplies: [jsonResponse({ expires_in: 60 })] });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("malformed");
  });

  test("/auth 503 is retried", async () => {
    const api = setup({
      authReplies: [statusResponse(503)],
      dataReplies: [page([], 1, 1)],
    });

    await api.client.listOrders(undefined);

    expect(api.authRequests()).toHaveLength(2);
  });

  // A 403 on a data request means the login may not read that resource, so
  // it must fail as an auth error, not as a malformed page.
  test("403 on data request is auth", async () => {
    const api = setup({ dataReplies: [statusResponse(403)] });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("auth");
    expect(error.status).toBe(403);
  });
});

describe("AlleavesClient retries", () => {
  test("500 then 200 succeeds", async () => {
    const api = setup({
      dataReplies: [statusResponse(500), page(["order"], 1, 1)],
    });

    const orders = await api.client.listOrders(undefined);

    expect(orders).toEqual(["order"]);
    expect(api.dataRequests()).toHaveLength(2);
    expect(api.sleeps).toHaveLength(1);
  });

  test("backs off with jitter", async () => {
    const api = setup({
      dataReplies: [statusResponse(502), statusResponse(503), page([], 1, 1)],
    });

    await api.client.listOrders(undefined);

    // random 0.5 takes half of 100 ms, then half of 200 ms.
    expect(api.sleeps).toEqual([50, 100]);
  });

  test("429 sleeps Retry-After seconds", async () => {
    const api = setup({
      dataReplies: [
        statusResponse(429, { "retry-after": "2" }),
        page([], 1, 1),
      ],
    });

    await api.client.listOrders(undefined);

    expect(api.sleeps).toEqual([2_000]);
  });

  test("429 sleeps until Retry-After date", async () => {
    const retryAt = new Date(START_MS + 4_000).toUTCString();
    const api = setup({
      dataReplies: [
        statusResponse(429, { "retry-after": retryAt }),
        page([], 1, 1),
      ],
    });

    await api.client.listOrders(undefined);

    expect(api.sleeps).toEqual([4_000]);
  });

  test("400 is not retried", async () => {
    const api = setup({ dataReplies: [statusResponse(400), page([], 1, 1)] });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("http");
    expect(error.status).toBe(400);
    expect(api.dataRequests()).toHaveLength(1);
    expect(api.sleeps).toEqual([]);
  });

  test("stops after maxAttempts", async () => {
    const api = setup({
      dataReplies: [
        statusResponse(500),
        statusResponse(500),
        statusResponse(500),
        page([], 1, 1),
      ],
    });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("http");
    expect(error.status).toBe(500);
    expect(api.dataRequests()).toHaveLength(RETRY.maxAttempts);
    expect(api.sleeps).toHaveLength(RETRY.maxAttempts - 1);
  });

  test("timeout throws kind timeout", async () => {
    const api = setup({
      dataReplies: [
        errorNamed("TimeoutError", "The operation was aborted"),
        errorNamed("TimeoutError", "The operation was aborted"),
        errorNamed("TimeoutError", "The operation was aborted"),
      ],
    });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("timeout");
    expect(api.dataRequests()).toHaveLength(RETRY.maxAttempts);
  });

  test("timeout is retried", async () => {
    const api = setup({
      dataReplies: [
        errorNamed("TimeoutError", "The operation was aborted"),
        page(["order"], 1, 1),
      ],
    });

    const orders = await api.client.listOrders(undefined);

    expect(orders).toEqual(["order"]);
    expect(api.sleeps).toHaveLength(1);
  });

  test("fetch failure throws kind network", async () => {
    const api = setup({
      dataReplies: [
        new TypeError("fetch failed"),
        new TypeError("fetch failed"),
        new TypeError("fetch failed"),
      ],
    });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("network");
    expect(error.message).toContain("fetch failed");
    expect(api.dataRequests()).toHaveLength(RETRY.maxAttempts);
  });

  test("network failure is retried", async () => {
    const api = setup({
      dataReplies: [new TypeError("fetch failed"), page(["order"], 1, 1)],
    });

    const orders = await api.client.listOrders(undefined);

    expect(orders).toEqual(["order"]);
  });
});

describe("AlleavesClient responses", () => {
  test("invalid JSON is malformed", async () => {
    const api = setup({
      dataReplies: [new Response("<html>oops</html>", { status: 200 })],
    });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("malformed");
    expect(api.dataRequests()).toHaveLength(1);
  });

  test("missing pagination is malformed", async () => {
    const api = setup({ dataReplies: [jsonResponse({ data: [] })] });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("malformed");
    expect(error.message).toContain('"pagination"');
  });

  test("non-array data is malformed", async () => {
    const api = setup({
      dataReplies: [
        jsonResponse({ data: {}, pagination: { page: 1, total_pages: 1 } }),
      ],
    });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.message).toContain('"data"');
  });
});

describe("AlleavesClient pagination", () => {
  test("concatenates data of every page", async () => {
    const api = setup({
      dataReplies: [
        page(["a", "b"], 1, 3),
        page(["c"], 2, 3),
        page(["d"], 3, 3),
      ],
    });

    const orders = await api.client.listOrders(undefined);

    expect(orders).toEqual(["a", "b", "c", "d"]);
  });

  test("requests pages one to total_pages", async () => {
    const api = setup({
      dataReplies: [page([], 1, 3), page([], 2, 3), page([], 3, 3)],
    });

    await api.client.listOrders(undefined);

    const pages = api
      .dataRequests()
      .map((request) => request.url.searchParams.get("page"));
    expect(pages).toEqual(["1", "2", "3"]);
  });

  test("zero total_pages reads one page", async () => {
    const api = setup({ dataReplies: [page([], 1, 0), page(["x"], 2, 0)] });

    const orders = await api.client.listOrders(undefined);

    expect(orders).toEqual([]);
    expect(api.dataRequests()).toHaveLength(1);
  });

  test("maxPages pages are accepted", async () => {
    const api = setup({
      dataReplies: [page(["a"], 1, 2), page(["b"], 2, 2)],
      client: { maxPages: 2 },
    });

    await expect(api.client.listOrders(undefined)).resolves.toEqual([
      "a",
      "b",
    ]);
  });

  test("over maxPages is malformed", async () => {
    const api = setup({
      dataReplies: [page(["a"], 1, 3), page(["b"], 2, 3), page(["c"], 3, 3)],
      client: { maxPages: 2 },
    });

    const error = await apiErrorOf(api.client.listOrders(undefined));

    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("more than 2 pages");
    expect(api.dataRequests()).toHaveLength(2);
  });
});

describe("AlleavesClient listOrders", () => {
  test("sends GET to /order", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listOrders(SINCE);

    const [request] = api.dataRequests();
    expect(request.method).toBe("GET");
    expect(request.url.pathname).toBe("/api/order");
    expect(request.body).toBeUndefined();
  });

  test.each([
    ["updated_since", SINCE.toISOString()],
    ["page", "1"],
    ["per_page", "50"],
  ])("sends query parameter %s", async (name, value) => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listOrders(SINCE);

    expect(api.dataRequests()[0].url.searchParams.get(name)).toBe(value);
  });

  test("omits updated_since without since", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listOrders(undefined);

    const query = api.dataRequests()[0].url.searchParams;
    expect(query.has("updated_since")).toBe(false);
  });

  test("per_page defaults to 100", async () => {
    const api = setup({
      dataReplies: [page([], 1, 1)],
      client: { pageSize: undefined },
    });

    await api.client.listOrders(undefined);

    const query = api.dataRequests()[0].url.searchParams;
    expect(query.get("per_page")).toBe("100");
  });
});

describe("AlleavesClient listCustomers", () => {
  test("sends POST to /customer/search", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listCustomers(SINCE);

    const [request] = api.dataRequests();
    expect(request.method).toBe("POST");
    expect(request.url.pathname).toBe("/api/customer/search");
    expect(request.headers.get("content-type")).toBe("application/json");
  });

  test("sends filters in JSON body", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listCustomers(SINCE);

    expect(api.dataRequests()[0].body).toEqual({
      updated_since: SINCE.toISOString(),
      page: 1,
      per_page: 50,
    });
  });

  test("sends no query parameters", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listCustomers(SINCE);

    expect(api.dataRequests()[0].url.search).toBe("");
  });

  test("omits updated_since without since", async () => {
    const api = setup({ dataReplies: [page([], 1, 1)] });

    await api.client.listCustomers(undefined);

    expect(api.dataRequests()[0].body).not.toHaveProperty("updated_since");
  });

  test("sends next page in body", async () => {
    const api = setup({ dataReplies: [page(["a"], 1, 2), page(["b"], 2, 2)] });

    const customers = await api.client.listCustomers(undefined);

    expect(customers).toEqual(["a", "b"]);
    expect(api.dataRequests()[1].body).toEqual({ page: 2, per_page: 50 });
  });
});
