import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompileError } from './compile-error.js';

/** The first line of an error's message, without the stack: what the CLI shows. */
export function errorSummary(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
  return firstLine.trim();
}

/** Whether an error comes from the builder (checked by name: the user's module may load its own copy). */
export function isBuilderError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AslDslError';
}

/** Where a module file is, and the directory relative paths on the same command line start from. */
export interface ResolvedModulePath {
  readonly absolute: string;
  readonly baseDir: string;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * Resolves a module path against `cwd`, then against `INIT_CWD` (the directory a package-manager
 * script such as `pnpm -s asl-dsl` was started from: the script itself runs at the repository root).
 * @throws CompileError `ModuleNotFound` when neither has the file.
 */
export function resolveModulePath(modulePath: string, cwd: string = process.cwd()): ResolvedModulePath {
  const candidates = [cwd];
  const initCwd = process.env.INIT_CWD;
  if (initCwd !== undefined && initCwd !== '' && resolve(initCwd) !== resolve(cwd)) candidates.push(initCwd);
  for (const baseDir of candidates) {
    const absolute = resolve(baseDir, modulePath);
    if (isFile(absolute)) return { absolute, baseDir };
  }
  throw new CompileError(
    'ModuleNotFound',
    `${modulePath}: no such file (looked at ${resolve(cwd, modulePath)})`,
  );
}

/** Extensions Node runs without a loader; every other module (`.ts`, `.mts`, `.cts`, `.tsx`) goes through tsx. */
const JAVASCRIPT_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/** The command a user runs to get the optional TypeScript loader. */
export const TSX_INSTALL_COMMAND = 'npm install --save-dev tsx';

type TsImport = (specifier: string, parentURL: string) => Promise<unknown>;

/**
 * tsx's `tsImport`, loaded only when a TypeScript module is compiled: tsx (and the esbuild it brings,
 * about 11 MB) is an optional peer dependency, so JavaScript users and library users never install it.
 * @throws CompileError `LoaderMissing` naming the install command when tsx is not installed.
 */
async function loadTsImport(label: string): Promise<TsImport> {
  try {
    const tsx: { tsImport: TsImport } = await import('tsx/esm/api');
    return tsx.tsImport;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CompileError(
        'LoaderMissing',
        `${label}: compiling a TypeScript module needs tsx, an optional peer dependency of @stackset-lite/asl-dsl; install it with: ${TSX_INSTALL_COMMAND}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The exports a user wrote. A module compiled to CommonJS (a `.ts` file in a package without
 * `"type": "module"`, or a `.cjs` file built from ESM) reaches us as Node's CommonJS namespace, whose
 * `default` is the whole `exports` object marked `__esModule`: its properties are the real exports.
 */
function compiledExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const cjs = namespace['module.exports'] ?? namespace.default;
  if (cjs !== null && typeof cjs === 'object' && (cjs as { __esModule?: unknown }).__esModule === true) {
    const { __esModule: _marker, ...exports } = cjs as Record<string, unknown>;
    return exports;
  }
  return namespace;
}

/**
 * Loads a TypeScript or JavaScript module and returns its exports. JavaScript is imported as it is;
 * TypeScript is compiled on the fly by tsx (an optional peer), so users need no build step.
 * @param absolutePath the module file (see `resolveModulePath`).
 * @param label how error messages name the module (the path the user typed).
 * @throws CompileError `LoaderMissing` when a TypeScript module is given and tsx is not installed;
 * `BuildFailed` when the module threw an `AslDslError` while running; `ModuleLoadFailed` for any
 * other failure.
 */
export async function loadMachineModule(
  absolutePath: string,
  label: string,
): Promise<Record<string, unknown>> {
  const url = pathToFileURL(absolutePath).href;
  const tsImport = JAVASCRIPT_EXTENSIONS.has(extname(absolutePath)) ? undefined : await loadTsImport(label);
  try {
    const namespace: unknown = tsImport ? await tsImport(url, import.meta.url) : await import(url);
    return compiledExports(namespace as Record<string, unknown>);
  } catch (error) {
    if (isBuilderError(error)) {
      throw new CompileError('BuildFailed', `${label}: ${errorSummary(error)}`, { cause: error });
    }
    throw new CompileError('ModuleLoadFailed', `${label}: failed to load: ${errorSummary(error)}`, {
      cause: error,
    });
  }
}
