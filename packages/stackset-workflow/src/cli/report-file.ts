import { closeSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './cli-options.js';

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * Checks before a long simulation that `--report` can be written: the path is no directory and a file
 * can be created beside it (a probe created and removed at once; the report itself is not touched).
 */
export function checkReportPath(path: string): void {
  const target = resolve(path);
  try {
    if (statSync(target).isDirectory()) throw new UsageError(`--report: ${path} is a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (codeOf(error) !== 'ENOENT') throw new UsageError(`--report: cannot write ${path} (${codeOf(error)})`);
  }
  const probe = join(dirname(target), `.${basename(target)}.${process.pid}.probe`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    throw new UsageError(`--report: cannot write ${path} (${codeOf(error)})`);
  }
  rmSync(probe, { force: true });
}

/** Writes the report as indented JSON. */
export function writeReport(path: string, report: unknown): void {
  try {
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`--report: cannot write ${path} (${codeOf(error)})`);
  }
}
