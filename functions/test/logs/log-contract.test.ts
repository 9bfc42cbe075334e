import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { logMetrics, METRIC } from "../../src/monitoring/log-metrics";
import { OUTCOME_COMPONENT } from "../../src/platform/log";
import { readCapturedEntries, type CapturedEntry } from "./emulator-log";
import { matchesQuery, parseQuery } from "./logging-query";

/**
 * Checks each log-based metric's filter against the entries the functions
 * wrote while `npm test` ran the integration tests on the emulator stack.
 */

const FUNCTIONS_DIR = join(__dirname, "..", "..");
const LOG_FILE = resolve(
  FUNCTIONS_DIR,
  process.env.STACK_LOG_FILE ?? "../.stack/emulators.log",
);

if (!existsSync(LOG_FILE)) {
  throw new Error(
    `${LOG_FILE} not found: run \`npm test\` from the repository root, ` +
      "or set STACK_LOG_FILE to a Functions emulator log",
  );
}
const entries = readCapturedEntries(readFileSync(LOG_FILE, "utf8"));

/**
 * Conditions on `resource.*` count as true for every entry, because the
 * emulator records no Cloud Run resource or service name. Only the payload
 * conditions are checked here.
 */
const assume = (path: string) => path.startsWith("resource.");

function filterOf(name: string): string {
  const metric = logMetrics().find((candidate) => candidate.name === name);
  if (!metric?.filter) throw new Error(`no log metric ${name}`);
  return metric.filter;
}

/** Entries that the metric's filter selects. */
function selectedBy(name: string): CapturedEntry[] {
  const query = parseQuery(filterOf(name));
  return entries.filter((entry) => matchesQuery(query, { ...entry }, { assume }));
}

/** Entries whose payload satisfies `predicate`, the expected selection. */
function entriesWhere(
  predicate: (payload: Record<string, unknown>) => boolean,
): CapturedEntry[] {
  return entries.filter((entry) => predicate(entry.jsonPayload));
}

/** Formats one line per entry, so a failed comparison shows which entries differ. */
function summarize(list: CapturedEntry[]): string[] {
  return list.map(
    ({ line, jsonPayload }) =>
      `line ${line}: ${jsonPayload.component} ${jsonPayload.outcome ?? "-"} ${jsonPayload.message}`,
  );
}

const isComponent = (payload: Record<string, unknown>, component: string) =>
  payload.component === component;
const hasOutcome = (payload: Record<string, unknown>, outcomes: string[]) =>
  typeof payload.outcome === "string" && outcomes.includes(payload.outcome);

describe("log metric filters on captured entries", () => {
  test("log contains receiver and worker entries", () => {
    expect(entriesWhere((p) => isComponent(p, "receiver")).length).toBeGreaterThan(0);
    expect(entriesWhere((p) => isComponent(p, "worker")).length).toBeGreaterThan(0);
  });

  test("emitted outcomes are declared for their component", () => {
    const undeclared = entries.filter(({ jsonPayload }) => {
      const outcome = jsonPayload.outcome;
      if (outcome === undefined) return false;
      const declared = OUTCOME_COMPONENT[outcome as keyof typeof OUTCOME_COMPONENT];
      return declared !== jsonPayload.component;
    });

    expect(summarize(undeclared)).toEqual([]);
  });

  test("signature metric selects rejected signatures", () => {
    const expected = entriesWhere(
      (p) => isComponent(p, "receiver") && hasOutcome(p, ["rejected_signature"]),
    );

    expect(summarize(selectedBy(METRIC.signatureFailures))).toEqual(summarize(expected));
    // Tampered body, wrong secret, missing header and malformed header.
    expect(expected.length).toBeGreaterThanOrEqual(4);
  });

  test("request metric selects receiver outcomes only", () => {
    const expected = entriesWhere(
      (p) => isComponent(p, "receiver") && p.outcome !== undefined,
    );
    const receiverEntries = entriesWhere((p) => isComponent(p, "receiver"));

    expect(summarize(selectedBy(METRIC.requests))).toEqual(summarize(expected));
    // Entries such as "Signature verified" have no outcome and are not requests.
    expect(receiverEntries.length).toBeGreaterThan(expected.length);
  });

  test("failure metric selects failures, not successes", () => {
    const expected = entriesWhere(
      (p) =>
        (isComponent(p, "receiver") &&
          hasOutcome(p, [
            "rejected_signature",
            "invalid_payload",
            "rate_limited",
            "unknown_org",
            "error",
          ])) ||
        (isComponent(p, "worker") && hasOutcome(p, ["dead_lettered"])),
    );
    const successes = entriesWhere((p) => hasOutcome(p, ["accepted", "test_ping"]));

    expect(summarize(selectedBy(METRIC.failures))).toEqual(summarize(expected));
    expect(expected.length).toBeGreaterThan(0);
    expect(successes.length).toBeGreaterThan(0);
  });

  test("processing metric selects worker failures", () => {
    const expected = entriesWhere(
      (p) =>
        isComponent(p, "worker") &&
        hasOutcome(p, ["retrying", "dead_lettered", "dropped"]),
    );
    const workerOutcomes = entriesWhere(
      (p) => isComponent(p, "worker") && p.outcome !== undefined,
    );

    expect(summarize(selectedBy(METRIC.processingFailures))).toEqual(summarize(expected));
    // The end-to-end tests process, ignore and repeat events; none may count.
    expect(workerOutcomes.length).toBeGreaterThan(0);
  });

  test("sync metric selects failed sync runs", () => {
    const expected = entriesWhere(
      (p) => isComponent(p, "sync") && hasOutcome(p, ["sync_failed"]),
    );

    expect(summarize(selectedBy(METRIC.syncFailures))).toEqual(summarize(expected));
  });

  test("silence metric selects silence warnings", () => {
    const expected = entriesWhere(
      (p) => isComponent(p, "monitor") && hasOutcome(p, ["webhooks_silent"]),
    );

    expect(summarize(selectedBy(METRIC.silence))).toEqual(summarize(expected));
    // The silence-check integration test runs the scheduled function once.
    expect(expected.length).toBeGreaterThan(0);
  });
});
