/** A function's log entry, shaped as Cloud Logging stores it. */
export interface CapturedEntry {
  /** Line number in the emulator log, counted from 1. */
  line: number;
  severity?: string;
  /** The structured fields and `message`, as Cloud Run parses them. */
  jsonPayload: Record<string, unknown>;
}

/** Prefix the Functions emulator puts before each line a function writes. */
const FUNCTION_OUTPUT_PREFIX = ">  ";

/**
 * Returns the structured entries that functions wrote to a Functions emulator
 * log. Those are lines of `>  ` and a JSON object. Other function output,
 * such as stack traces, is skipped. Cloud Run moves `severity` out of the
 * object and keeps the rest, `message` included, as `jsonPayload`.
 */
export function readCapturedEntries(logText: string): CapturedEntry[] {
  const entries: CapturedEntry[] = [];

  for (const [index, line] of logText.split("\n").entries()) {
    if (!line.startsWith(`${FUNCTION_OUTPUT_PREFIX}{`)) continue;

    let object: unknown;
    try {
      object = JSON.parse(line.slice(FUNCTION_OUTPUT_PREFIX.length));
    } catch {
      continue;
    }
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      continue;
    }

    const { severity, ...jsonPayload } = object as Record<string, unknown>;
    entries.push({
      line: index + 1,
      severity: typeof severity === "string" ? severity : undefined,
      jsonPayload,
    });
  }
  return entries;
}
