/**
 * Evaluates the subset of the Cloud Logging query language that this
 * project's metric filters use: comparisons `path = "value"` and
 * `path != "value"` on dotted field paths, AND, OR, NOT, implicit AND between
 * adjacent terms, and parentheses. Anything else raises an error rather than
 * being guessed.
 *
 * Precedence follows the query language, where NOT binds tightest and OR binds
 * tighter than AND: `a AND b OR c` means `a AND (b OR c)`.
 */

/** A parsed query. */
export type QueryNode =
  | { kind: "and" | "or"; operands: QueryNode[] }
  | { kind: "not"; operand: QueryNode }
  | { kind: "compare"; path: string; operator: "=" | "!="; value: string };

/** Options of {@link matchesQuery}. */
export interface MatchOptions {
  /**
   * Returns true for field paths whose comparisons count as true without
   * looking at the entry, for fields the test input cannot contain.
   */
  assume?: (path: string) => boolean;
}

type Token =
  | { type: "(" | ")" | "=" | "!="; position: number }
  | { type: "string" | "word"; text: string; position: number };

/** Parses a query, throwing a SyntaxError outside the supported subset. */
export function parseQuery(query: string): QueryNode {
  const parser = new Parser(tokenize(query), query);
  const node = parser.parseAnd();
  parser.expectEnd();
  return node;
}

/** Returns whether `entry` matches `query`. */
export function matchesQuery(
  query: string | QueryNode,
  entry: Record<string, unknown>,
  options: MatchOptions = {},
): boolean {
  const node = typeof query === "string" ? parseQuery(query) : query;
  return evaluate(node, entry, options);
}

function evaluate(
  node: QueryNode,
  entry: Record<string, unknown>,
  options: MatchOptions,
): boolean {
  switch (node.kind) {
    case "and":
      return node.operands.every((operand) => evaluate(operand, entry, options));
    case "or":
      return node.operands.some((operand) => evaluate(operand, entry, options));
    case "not":
      return !evaluate(node.operand, entry, options);
    case "compare": {
      if (options.assume?.(node.path)) return true;
      const equal = fieldEquals(entry, node.path, node.value);
      // NOTE: `!=` is evaluated as NOT `=`, so it also matches entries without
      // the field; Cloud Logging's handling of that case was not checked. The
      // metric filters do not use `!=`.
      return node.operator === "=" ? equal : !equal;
    }
  }
}

/**
 * Compares a field with a value. The query language compares strings without
 * regard to case, and numbers and booleans by their text. A missing field or
 * an object never equals a value.
 */
function fieldEquals(
  entry: Record<string, unknown>,
  path: string,
  value: string,
): boolean {
  let current: unknown = entry;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return false;
    current = (current as Record<string, unknown>)[segment];
  }

  if (
    typeof current !== "string" &&
    typeof current !== "number" &&
    typeof current !== "boolean"
  ) {
    return false;
  }
  return String(current).toLowerCase() === value.toLowerCase();
}

const WORD_PATTERN = /[A-Za-z_][A-Za-z0-9_.]*/y;

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;

  while (position < query.length) {
    const char = query[position];
    if (/\s/.test(char)) {
      position += 1;
    } else if (char === "(" || char === ")" || char === "=") {
      tokens.push({ type: char, position });
      position += 1;
    } else if (query.startsWith("!=", position)) {
      tokens.push({ type: "!=", position });
      position += 2;
    } else if (char === '"') {
      const { text, end } = readString(query, position);
      tokens.push({ type: "string", text, position });
      position = end;
    } else {
      WORD_PATTERN.lastIndex = position;
      const match = WORD_PATTERN.exec(query);
      if (!match) {
        throw new SyntaxError(
          `unsupported character ${JSON.stringify(char)} at ${position} in ${query}`,
        );
      }
      tokens.push({ type: "word", text: match[0], position });
      position += match[0].length;
    }
  }
  return tokens;
}

/** Reads a double-quoted string with backslash escapes starting at `start`. */
function readString(query: string, start: number): { text: string; end: number } {
  let text = "";
  let position = start + 1;
  while (position < query.length) {
    const char = query[position];
    if (char === '"') return { text, end: position + 1 };
    if (char === "\\") {
      position += 1;
      if (position >= query.length) break;
      text += query[position];
    } else {
      text += char;
    }
    position += 1;
  }
  throw new SyntaxError(`unterminated string at ${start} in ${query}`);
}

const KEYWORDS = new Set(["AND", "OR", "NOT"]);

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly query: string,
  ) {}

  /** AND, explicit or implicit between adjacent terms, binds loosest. */
  parseAnd(): QueryNode {
    const operands = [this.parseOr()];
    while (this.startsTerm() || this.isKeyword("AND")) {
      if (this.isKeyword("AND")) this.index += 1;
      operands.push(this.parseOr());
    }
    return operands.length === 1 ? operands[0] : { kind: "and", operands };
  }

  expectEnd(): void {
    const token = this.tokens[this.index];
    if (token) this.fail(token, "expected the end of the query");
  }

  private parseOr(): QueryNode {
    const operands = [this.parseNot()];
    while (this.isKeyword("OR")) {
      this.index += 1;
      operands.push(this.parseNot());
    }
    return operands.length === 1 ? operands[0] : { kind: "or", operands };
  }

  private parseNot(): QueryNode {
    if (this.isKeyword("NOT")) {
      this.index += 1;
      return { kind: "not", operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const token = this.next("a comparison or (");
    if (token.type === "(") {
      const node = this.parseAnd();
      const close = this.next(")");
      if (close.type !== ")") this.fail(close, "expected )");
      return node;
    }
    if (token.type !== "word" || KEYWORDS.has(token.text)) {
      this.fail(token, "expected a field path");
    }

    const operator = this.next("= or !=");
    if (operator.type !== "=" && operator.type !== "!=") {
      this.fail(operator, "expected = or != (other operators are not supported)");
    }
    const value = this.next("a quoted value");
    if (value.type !== "string") this.fail(value, "expected a quoted value");
    return { kind: "compare", path: token.text, operator: operator.type, value: value.text };
  }

  private startsTerm(): boolean {
    const token = this.tokens[this.index];
    if (!token) return false;
    if (token.type === "(") return true;
    return token.type === "word" && (token.text === "NOT" || !KEYWORDS.has(token.text));
  }

  private isKeyword(keyword: string): boolean {
    const token = this.tokens[this.index];
    return token?.type === "word" && token.text === keyword;
  }

  private next(expected: string): Token {
    const token = this.tokens[this.index];
    if (!token) {
      throw new SyntaxError(`expected ${expected} at the end of ${this.query}`);
    }
    this.index += 1;
    return token;
  }

  private fail(token: Token, message: string): never {
    throw new SyntaxError(`${message} at ${token.position} in ${this.query}`);
  }
}
