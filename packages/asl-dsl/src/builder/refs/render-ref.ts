import type { QueryLanguage } from '../../model/query-language.js';
import { AslDslError } from '../errors.js';
import type { JsonataKind } from '../flow/jsonata-shape.js';
import type { RefData, RefSegment } from './path-ref.js';

/** The data roots a field can see, each with its rendered prefix. */
export type DataRoots = Partial<Record<'input' | 'result' | 'errorOutput', string>>;

/** Where an expression is being rendered: the language, the visible roots and the error location. */
export interface RenderEnv {
  readonly queryLanguage: QueryLanguage;
  readonly roots: DataRoots;
  readonly stateName: string | undefined;
  readonly pointer: string;
  /** A human name of the field, used in errors (e.g. "Parameters"). */
  readonly field: string;
  /** Where variable reads are recorded, to check Distributed Map scoping. */
  readonly variableReads?: VariableRead[];
  /** Where the kinds `jsonata.number`-style tags claim are recorded by pointer, for the flow checks. */
  readonly jsonataClaims?: Map<string, JsonataKind>;
}

/** A read of a workflow variable, recorded while rendering. */
export interface VariableRead {
  readonly name: string;
  readonly stateName: string | undefined;
  readonly pointer: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function jsonPathSegment(segment: RefSegment): string {
  if (typeof segment === 'number') return `[${segment}]`;
  if (IDENTIFIER.test(segment)) return `.${segment}`;
  return `['${segment.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
}

function jsonataSegment(segment: RefSegment): string {
  if (typeof segment === 'number') return `[${segment}]`;
  if (IDENTIFIER.test(segment)) return `.${segment}`;
  return `.\`${segment}\``;
}

/** The roots each field sees in JSONPath and JSONata, keyed by the role of the field. */
export type FieldRole = 'state-input' | 'result-selector' | 'assign-output' | 'catch';

/**
 * The data roots a field of a given role sees.
 * - JSONPath has no `$states`: `Assign` sees the state's result as `$` (after ResultSelector) in states
 *   that produce one, else the state input; a Catch's `Assign` sees the error output as `$`.
 * - JSONata sees `$states.input`, plus `$states.result` / `$states.errorOutput` where AWS provides them.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
export function rootsFor(role: FieldRole, queryLanguage: QueryLanguage, hasResult: boolean): DataRoots {
  // Constant tables: this runs for every field of every state, so it must not allocate.
  const table = queryLanguage === 'JSONata' ? JSONATA_ROOTS : JSONPATH_ROOTS;
  return role === 'assign-output'
    ? table[hasResult ? 'assign-output' : 'assign-output-no-result']
    : table[role];
}

type RootTable = Readonly<
  Record<Exclude<FieldRole, 'assign-output'> | 'assign-output' | 'assign-output-no-result', DataRoots>
>;

const JSONATA_ROOTS: RootTable = {
  'state-input': { input: '$states.input' },
  'result-selector': { result: '$states.result' },
  'assign-output': { input: '$states.input', result: '$states.result' },
  'assign-output-no-result': { input: '$states.input' },
  catch: { input: '$states.input', errorOutput: '$states.errorOutput' },
};

// JSONPath has no `$states`: `$` is the selected result, the input, or the error output.
const JSONPATH_ROOTS: RootTable = {
  'state-input': { input: '$' },
  'result-selector': { result: '$' },
  'assign-output': { result: '$' },
  'assign-output-no-result': { input: '$' },
  catch: { errorOutput: '$' },
};

/** Renders a recorded reference as a JSONPath path or a JSONata path expression. */
export function renderRef(data: RefData, env: RenderEnv): string {
  const jsonata = env.queryLanguage === 'JSONata';
  const segment = jsonata ? jsonataSegment : jsonPathSegment;
  let prefix: string;
  switch (data.root) {
    case 'context':
      prefix = jsonata ? '$states.context' : '$$';
      break;
    case 'variable':
      prefix = `$${data.variable ?? ''}`;
      env.variableReads?.push({ name: data.variable ?? '', stateName: env.stateName, pointer: env.pointer });
      break;
    default: {
      const rooted = env.roots[data.root];
      if (rooted === undefined) {
        const visible = Object.keys(env.roots).join(', ') || 'only variables and the context object';
        throw new AslDslError(
          'ReferenceOutOfScope',
          `${env.field} cannot reference the ${describeRoot(data.root)} here; visible: ${visible}`,
          { stateName: env.stateName, pointer: env.pointer },
        );
      }
      prefix = rooted;
    }
  }
  return prefix + data.segments.map(segment).join('');
}

function describeRoot(root: RefData['root']): string {
  switch (root) {
    case 'input':
      return 'state input';
    case 'result':
      return 'state result';
    case 'errorOutput':
      return 'error output';
    default:
      return root;
  }
}
