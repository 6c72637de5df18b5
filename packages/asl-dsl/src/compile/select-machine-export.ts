import { CompileError } from './compile-error.js';
import { isMachineSource, type MachineSource } from './machine-source.js';

/** The export picked from a module: its name and the machine it holds. */
export interface MachineExport {
  readonly exportName: string;
  readonly machine: MachineSource;
}

function list(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}

/**
 * Picks the machine to compile from a module's exports: the named export if one is asked for,
 * otherwise the default export when it is a machine, otherwise the only export that is a machine.
 * @param moduleLabel how error messages name the module (the path the user typed).
 * @throws CompileError `ExportNotFound`, `NoMachineExport` or `AmbiguousExport`, naming the candidates.
 */
export function selectMachineExport(
  namespace: Readonly<Record<string, unknown>>,
  moduleLabel: string,
  exportName?: string,
): MachineExport {
  const names = Object.keys(namespace).sort();
  const machines = names.filter((name) => isMachineSource(namespace[name]));
  if (exportName !== undefined) {
    if (!Object.hasOwn(namespace, exportName)) {
      throw new CompileError(
        'ExportNotFound',
        `${moduleLabel} has no export "${exportName}" (machine exports: ${list(machines)})`,
      );
    }
    const value = namespace[exportName];
    if (!isMachineSource(value)) {
      throw new CompileError(
        'ExportNotFound',
        `${moduleLabel}#${exportName} is not a state machine: expected a builder machine (with toModel()) ` +
          `or a definition with StartAt and States (machine exports: ${list(machines)})`,
      );
    }
    return { exportName, machine: value };
  }
  const fallback = namespace.default;
  if (isMachineSource(fallback)) return { exportName: 'default', machine: fallback };
  const [only, ...others] = machines;
  if (only === undefined) {
    throw new CompileError(
      'NoMachineExport',
      `${moduleLabel} exports no state machine (exports: ${list(names)}); export a builder machine or a definition`,
    );
  }
  if (others.length > 0) {
    throw new CompileError(
      'AmbiguousExport',
      `${moduleLabel} exports several state machines (${list(machines)}); pick one with ${moduleLabel}#<name>`,
    );
  }
  return { exportName: only, machine: namespace[only] as MachineSource };
}
