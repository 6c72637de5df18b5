/** An intrinsic function expression that does not parse or breaks a function's signature. */
export class IntrinsicSyntaxError extends Error {
  override readonly name = 'IntrinsicSyntaxError';
  constructor(
    /** The expression text. */
    readonly expression: string,
    /** 0-based character offset of the problem. */
    readonly offset: number,
    /** What was wrong, without the position. */
    readonly reason: string,
  ) {
    super(`invalid intrinsic function '${expression}' at character ${offset}: ${reason}`);
  }
}
