/** A JSONPath that does not parse; `offset` is the 0-based character where parsing stopped. */
export class JsonPathSyntaxError extends Error {
  override readonly name = 'JsonPathSyntaxError';
  constructor(
    /** The path text. */
    readonly path: string,
    /** 0-based character offset of the problem. */
    readonly offset: number,
    /** What was wrong, without the position. */
    readonly reason: string,
  ) {
    super(`invalid JSONPath '${path}' at character ${offset}: ${reason}`);
  }
}
