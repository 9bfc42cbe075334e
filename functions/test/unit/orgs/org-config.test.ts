import { integrationPath, isValidOrgId } from "../../../src/orgs/org-config";

describe("isValidOrgId", () => {
  test.each([
    "acme",
    "Acme-Dispensary_01",
    "a",
    "a".repeat(64),
    "0",
  ])("accepts %p", (orgId) => {
    expect(isValidOrgId(orgId)).toBe(true);
  });

  test.each([
    ["empty", ""],
    ["65 characters", "a".repeat(65)],
    ["slash", "acme/other"],
    ["dot", "acme.store"],
    ["double dot", ".."],
    ["space", "acme store"],
    ["trailing newline", "acme\n"],
    ["non-ASCII", "café"],
    ["percent escape", "acme%2Fother"],
  ])("rejects %s", (_case, orgId) => {
    expect(isValidOrgId(orgId)).toBe(false);
  });

  // Firestore rejects document ids that match __.*__, so reading
  // orgs/__x__/integrations/alleaves would throw instead of returning "not
  // enabled".
  test.each(["__x__", "__proto__", "____"])(
    "rejects reserved Firestore id %p",
    (orgId) => {
      expect(isValidOrgId(orgId)).toBe(false);
    },
  );
});

describe("integrationPath", () => {
  test("builds org integration path", () => {
    expect(integrationPath("acme")).toBe("orgs/acme/integrations/alleaves");
  });
});
