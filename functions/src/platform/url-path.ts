/**
 * Splits a request path into its decoded, non-empty segments. Returns
 * undefined when a segment has malformed percent-encoding.
 */
export function pathSegments(path: string): string[] | undefined {
  try {
    return path
      .split("/")
      .filter((segment) => segment.length > 0)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
