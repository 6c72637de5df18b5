import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
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

/**
 * Loads a TypeScript or JavaScript module and returns its exports. TypeScript is compiled on the fly
 * by tsx, so users need no build step.
 * @param absolutePath the module file (see `resolveModulePath`).
 * @param label how error messages name the module (the path the user typed).
 * @throws CompileError `BuildFailed` when the module threw an `AslDslError` while running;
 * `ModuleLoadFailed` for any other failure.
 */
export async function loadMachineModule(
  absolutePath: string,
  label: string,
): Promise<Record<string, unknown>> {
  try {
    const namespace: unknown = await tsImport(pathToFileURL(absolutePath).href, import.meta.url);
    return namespace as Record<string, unknown>;
  } catch (error) {
    if (isBuilderError(error)) {
      throw new CompileError('BuildFailed', `${label}: ${errorSummary(error)}`, { cause: error });
    }
    throw new CompileError('ModuleLoadFailed', `${label}: failed to load: ${errorSummary(error)}`, {
      cause: error,
    });
  }
}
