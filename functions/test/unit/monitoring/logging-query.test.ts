import { logMetrics } from "../../../src/monitoring/log-metrics";
import { matchesQuery, parseQuery } from "../../logs/logging-query";

const entry = {
  severity: "WARNING",
  resource: { type: "cloud_run_revision", labels: { service_name: "alleaveswebhook" } },
  jsonPayload: {
    component: "receiver",
    outcome: "rejected_signature",
    status: 401,
    message: 'quoted "value" here',
  },
};

const matches = (query: string) => matchesQuery(query, entry);

describe("matchesQuery comparisons", () => {
  test("equal string matches", () => {
    expect(matches('jsonPayload.component="receiver"')).toBe(true);
  });

  test("different string does not match", () => {
    expect(matches('jsonPayload.component="worker"')).toBe(false);
  });

  test("string comparison ignores case", () => {
    expect(matches('jsonPayload.component="RECEIVER"')).toBe(true);
  });

  test("number compares by its text", () => {
    expect(matches('jsonPayload.status="401"')).toBe(true);
  });

  test("nested resource label matches", () => {
    expect(matches('resource.labels.service_name="alleaveswebhook"')).toBe(true);
  });

  test("missing field does not match", () => {
    expect(matches('jsonPayload.orgId="acme"')).toBe(false);
  });

  test("object field does not match", () => {
    expect(matches('jsonPayload="receiver"')).toBe(false);
  });

  test("not-equal matches different value", () => {
    expect(matches('jsonPayload.component!="worker"')).toBe(true);
  });

  test("not-equal rejects equal value", () => {
    expect(matches('jsonPayload.component!="receiver"')).toBe(false);
  });

  test("not-equal matches missing field", () => {
    expect(matches('jsonPayload.orgId!="acme"')).toBe(true);
  });

  test("escaped quotes in value", () => {
    expect(matches('jsonPayload.message="quoted \\"value\\" here"')).toBe(true);
  });

  test("spaces around operator", () => {
    expect(matches('jsonPayload.component = "receiver"')).toBe(true);
  });
});

describe("matchesQuery operators", () => {
  test("AND needs both sides", () => {
    expect(matches('jsonPayload.component="receiver" AND severity="WARNING"')).toBe(true);
    expect(matches('jsonPayload.component="receiver" AND severity="ERROR"')).toBe(false);
  });

  test("OR needs either side", () => {
    expect(matches('severity="ERROR" OR severity="WARNING"')).toBe(true);
    expect(matches('severity="ERROR" OR severity="INFO"')).toBe(false);
  });

  test("NOT negates a comparison", () => {
    expect(matches('NOT severity="ERROR"')).toBe(true);
    expect(matches('NOT severity="WARNING"')).toBe(false);
  });

  test("NOT negates a group", () => {
    expect(matches('NOT (severity="ERROR" OR severity="WARNING")')).toBe(false);
  });

  test("adjacent terms are ANDed", () => {
    expect(matches('jsonPayload.component="receiver" severity="WARNING"')).toBe(true);
    expect(matches('jsonPayload.component="receiver" severity="ERROR"')).toBe(false);
  });

  test("OR binds tighter than AND", () => {
    // Read as severity="ERROR" AND (a OR b), which is false; the reading
    // (severity="ERROR" AND a) OR b would be true.
    const query =
      'severity="ERROR" AND jsonPayload.component="worker" OR jsonPayload.component="receiver"';

    expect(matches(query)).toBe(false);
  });

  test("parentheses override precedence", () => {
    const query =
      '(severity="ERROR" AND jsonPayload.component="worker") OR jsonPayload.component="receiver"';

    expect(matches(query)).toBe(true);
  });

  // The query language reads `a OR NOT b AND NOT c OR d` as
  // `(a OR (NOT b)) AND ((NOT c) OR d)`; each case sets a to d from its bits.
  test.each(Array.from({ length: 16 }, (_, bits) => bits))(
    "NOT, OR, AND precedence, case %i",
    (bits) => {
      const flags = { a: bits & 1, b: bits & 2, c: bits & 4, d: bits & 8 };
      const fields = Object.fromEntries(
        Object.entries(flags).map(([name, set]) => [name, set ? "yes" : "no"]),
      );
      const term = (name: string) => `jsonPayload.${name}="yes"`;
      const query = `${term("a")} OR NOT ${term("b")} AND NOT ${term("c")} OR ${term("d")}`;
      const expected = (!!flags.a || !flags.b) && (!flags.c || !!flags.d);

      expect(matchesQuery(query, { jsonPayload: fields })).toBe(expected);
    },
  );

  test("assumed paths always hold", () => {
    const query = 'resource.type="gce_instance" AND jsonPayload.component="receiver"';

    expect(matchesQuery(query, entry)).toBe(false);
    expect(
      matchesQuery(query, entry, { assume: (path) => path.startsWith("resource.") }),
    ).toBe(true);
  });
});

describe("parseQuery errors", () => {
  test.each([
    ["has operator", 'jsonPayload.message:"quoted"'],
    ["greater than", 'severity>="ERROR"'],
    ["unquoted value", "severity=ERROR"],
    ["unterminated string", 'severity="ERROR'],
    ["missing close parenthesis", '(severity="ERROR"'],
    ["extra close parenthesis", 'severity="ERROR")'],
    ["dangling AND", 'severity="ERROR" AND'],
    ["empty query", ""],
  ])("rejects %s", (_case, query) => {
    expect(() => parseQuery(query)).toThrow(SyntaxError);
  });
});

describe("parseQuery on metric filters", () => {
  test.each(logMetrics().map((metric) => [metric.name, metric.filter ?? ""]))(
    "parses filter of %s",
    (_name, filter) => {
      expect(() => parseQuery(filter)).not.toThrow();
    },
  );
});
