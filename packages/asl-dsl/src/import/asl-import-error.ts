/** Input given to `fromAsl` that is not JSON, or not an Amazon States Language definition. */
export class AslImportError extends Error {
  override readonly name = 'AslImportError';
  constructor(
    message: string,
    /** JSON pointer of the first problem ('' for the whole document). */
    readonly location: string,
  ) {
    super(message);
  }
}
