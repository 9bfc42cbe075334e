import { z } from "zod";

import type { AlleavesCredentials } from "./api-client";

const credentialsMap = z.record(
  z.string(),
  z.object({
    username: z.string().min(1),
    password: z.string().min(1),
    pin: z.string().min(1),
  }),
);

/**
 * Parses the ALLEAVES_API_CREDENTIALS secret: a JSON object (or its base64)
 * mapping a credentials id to `{username, password, pin}`. Each org's
 * integration document names its id. `none` or an empty value means no
 * logins. Errors name the problem, never the secret's content.
 */
export function parseCredentialsSecret(value: string): Map<string, AlleavesCredentials> {
  const trimmed = value.trim();
  if (trimmed === "" || trimmed.toLowerCase() === "none") return new Map();

  const json = trimmed.startsWith("{") ? trimmed : Buffer.from(trimmed, "base64").toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error("ALLEAVES_API_CREDENTIALS is neither JSON nor base64 of JSON");
  }

  const result = credentialsMap.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `ALLEAVES_API_CREDENTIALS is invalid at "${issue.path.join(".")}": ${issue.message}; ` +
        "expected {\"<id>\": {\"username\", \"password\", \"pin\"}}",
    );
  }
  return new Map(Object.entries(result.data));
}
