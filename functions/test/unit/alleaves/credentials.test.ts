import { parseCredentialsSecret } from "../../../src/alleaves/credentials";

/** A password no error message could contain by chance. */
const PASSWORD = "Zq7-unlikely-Passw0rd-91x";
const LOGIN = { username: "store-user", password: PASSWORD, pin: "4821" };
const SECRET_JSON = JSON.stringify({ "store-1": LOGIN });

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** Returns the message of the error that parsing `value` throws. */
function errorMessageOf(value: string): string {
  try {
    parseCredentialsSecret(value);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`parseCredentialsSecret accepted ${JSON.stringify(value)}`);
}

describe("parseCredentialsSecret", () => {
  test("parses JSON object", () => {
    const logins = parseCredentialsSecret(SECRET_JSON);

    expect(logins.get("store-1")).toEqual(LOGIN);
  });

  test("parses base64 of JSON", () => {
    const logins = parseCredentialsSecret(base64(SECRET_JSON));

    expect(logins.get("store-1")).toEqual(LOGIN);
  });

  test("parses JSON with surrounding whitespace", () => {
    const logins = parseCredentialsSecret(`\n  ${SECRET_JSON}\n`);

    expect(logins.get("store-1")).toEqual(LOGIN);
  });

  test("keeps every credentials id", () => {
    const other = { username: "other", password: "other-pass", pin: "1" };
    const value = JSON.stringify({ "store-1": LOGIN, "store-2": other });

    expect([...parseCredentialsSecret(value).keys()]).toEqual([
      "store-1",
      "store-2",
    ]);
  });

  test("drops unknown login fields", () => {
    const value = JSON.stringify({ "store-1": { ...LOGIN, note: "x" } });

    expect(parseCredentialsSecret(value).get("store-1")).toEqual(LOGIN);
  });

  test.each(["none", "NONE", " None ", "", "   "])(
    "%p means no logins",
    (value) => {
      expect(parseCredentialsSecret(value).size).toBe(0);
    },
  );

  test("empty object means no logins", () => {
    expect(parseCredentialsSecret("{}").size).toBe(0);
  });

  test.each([
    ["truncated JSON", SECRET_JSON.slice(0, -1)],
    ["plain text", "not a secret"],
    ["base64 of text", base64("not json")],
  ])("rejects %s", (_case, value) => {
    expect(errorMessageOf(value)).toContain(
      "neither JSON nor base64 of JSON",
    );
  });

  test("missing pin names path", () => {
    const { username, password } = LOGIN;
    const value = JSON.stringify({ "store-1": { username, password } });

    expect(errorMessageOf(value)).toContain('"store-1.pin"');
  });

  test("empty username names path", () => {
    const value = JSON.stringify({ "store-1": { ...LOGIN, username: "" } });

    expect(errorMessageOf(value)).toContain('"store-1.username"');
  });

  test("login as string names path", () => {
    const value = JSON.stringify({ "store-1": PASSWORD });

    expect(errorMessageOf(value)).toContain('"store-1"');
  });

  test("base64 missing pin names path", () => {
    const { username, password } = LOGIN;
    const value = base64(JSON.stringify({ "store-1": { username, password } }));

    expect(errorMessageOf(value)).toContain('"store-1.pin"');
  });

  describe("error messages hide secret", () => {
    const { username, password } = LOGIN;
    const missingPin = JSON.stringify({ "store-1": { username, password } });
    const invalidCases: [string, string][] = [
      ["invalid JSON", `{"store-1": {"password": "${PASSWORD}"`],
      ["missing pin", missingPin],
      ["base64 missing pin", base64(missingPin)],
      ["numeric pin", JSON.stringify({ "store-1": { ...LOGIN, pin: 4821 } })],
      ["empty pin", JSON.stringify({ "store-1": { ...LOGIN, pin: "" } })],
      ["login as string", JSON.stringify({ "store-1": PASSWORD })],
      ["unwrapped login", JSON.stringify(LOGIN)],
      ["login in array", JSON.stringify([LOGIN])],
    ];

    test.each(invalidCases)("%s omits password", (_case, value) => {
      expect(errorMessageOf(value)).not.toContain(PASSWORD);
    });

    test.each(invalidCases)("%s omits username", (_case, value) => {
      expect(errorMessageOf(value)).not.toContain(LOGIN.username);
    });

    test.each(invalidCases)("%s omits raw value", (_case, value) => {
      expect(errorMessageOf(value)).not.toContain(value);
    });
  });
});
