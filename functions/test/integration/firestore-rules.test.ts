import { FIRESTORE_IS_FALLBACK } from "./stack";

const name = "client read of org is denied";

/** The emulator's REST endpoint, as a client SDK without credentials uses it. */
const documentUrl = (path: string) =>
  `http://${process.env.FIRESTORE_EMULATOR_HOST}/v1/projects/${process.env.GCLOUD_PROJECT}/databases/(default)/documents/${path}`;

describe("firestore.rules", () => {
  (FIRESTORE_IS_FALLBACK ? test.skip : test)(
    FIRESTORE_IS_FALLBACK
      ? `${name} [skipped: the Firestore fallback does not evaluate security rules]`
      : name,
    async () => {
      // "Bearer owner" is the emulator's admin token; a client sends none.
      const response = await fetch(documentUrl("orgs/demo-org/integrations/alleaves"));

      expect(response.status).toBe(403);
    },
  );
});
