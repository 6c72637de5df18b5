/** The stable codes of a failure to compile a user's machine module. */
export type CompileErrorCode =
  /** The `module.ts#export` argument is malformed. */
  | 'InvalidModuleReference'
  /** The module file does not exist. */
  | 'ModuleNotFound'
  /** A TypeScript module was given and tsx, the optional TypeScript loader, is not installed. */
  | 'LoaderMissing'
  /** The module failed to load: a syntax error, a failed import, or an error thrown while it ran. */
  | 'ModuleLoadFailed'
  /** `module.ts#name` names an export the module does not have, or one that is not a machine. */
  | 'ExportNotFound'
  /** No export is a machine. */
  | 'NoMachineExport'
  /** Several exports are machines and none was picked with `#name`. */
  | 'AmbiguousExport'
  /** A machine's `toModel()` threw (a builder error such as `AslDslError`). */
  | 'BuildFailed';

/**
 * A user's machine module could not be compiled. The message is one line that names the module and
 * the export; `exitCode` is what the CLI exits with.
 */
export class CompileError extends Error {
  override readonly name = 'CompileError';
  /** The stable error code. */
  readonly code: CompileErrorCode;
  /** The CLI's exit code for this failure: 2, a usage or build error. */
  readonly exitCode = 2;

  constructor(code: CompileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
