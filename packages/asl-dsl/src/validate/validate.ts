import type { QueryLanguage } from '../model/query-language.js';
import { DefinitionWalker } from './definition-walker.js';
import type { Diagnostic } from './diagnostic.js';
import { findDuplicateKeys } from './duplicate-keys.js';
import { analyseGraph } from './graph-analysis.js';
import { pointerTo } from './json-pointer.js';
import { MAX_JSON_DEPTH, textDepth, tooDeepAt } from './nesting-depth.js';
import type { GraphInfo } from './state-graph-info.js';
import { checkStructureInto } from './structure-check.js';
import { decodeUtf8, describeUtf8Problem } from './utf8-text.js';
import { analyseVariables } from './variable-flow.js';

/** AWS's limit on a state machine definition: 1 MB of JSON text. */
export const MAX_DEFINITION_BYTES = 1_048_576;

/**
 * Validates an Amazon States Language definition: the parsed object, a model from the builder, the
 * JSON text, or the file's bytes (a `Uint8Array`, decoded as strict UTF-8: invalid bytes are an
 * INVALID_JSON_DESCRIPTION naming where, not a silent U+FFFD). Returns every finding, errors first;
 * the definition is valid when none is an ERROR (see {@link isValidResult}).
 *
 * It accepts everything AWS accepts (including `${Name}` substitution placeholders) and reports what
 * AWS would reject, with AWS's codes where AWS has one, plus data-flow problems AWS only shows at run
 * time (variables read before assignment, loops without a Wait, uncatchable errors).
 * @example validate(JSON.parse(fs.readFileSync('machine.asl.json', 'utf8')))
 */
export function validate(input: unknown): Diagnostic[] {
  let definition = input;
  let bytes: number | undefined;
  if (input instanceof Uint8Array) {
    const decoded = decodeUtf8(input);
    if (!decoded.ok) {
      return [
        {
          code: 'INVALID_JSON_DESCRIPTION',
          severity: 'ERROR',
          message: describeUtf8Problem(decoded),
          location: '',
        },
      ];
    }
    definition = decoded.text;
    bytes = input.length;
  }
  let value = definition;
  if (typeof definition === 'string') {
    if (definition.trim() === '') {
      return [
        { code: 'MISSING_DESCRIPTION', severity: 'ERROR', message: 'the definition is empty', location: '' },
      ];
    }
    try {
      value = JSON.parse(definition);
    } catch (error) {
      return [
        {
          code: 'INVALID_JSON_DESCRIPTION',
          severity: 'ERROR',
          message: `not valid JSON: ${(error as Error).message}`,
          location: '',
        },
      ];
    }
    bytes ??= Buffer.byteLength(definition, 'utf8');
  }
  if (value === null || value === undefined) {
    return [
      { code: 'MISSING_DESCRIPTION', severity: 'ERROR', message: 'the definition is empty', location: '' },
    ];
  }
  // Refuse hostile nesting before any recursive pass could exhaust the stack.
  const deep =
    typeof definition === 'string' && textDepth(definition) <= MAX_JSON_DEPTH ? undefined : tooDeepAt(value);
  if (deep !== undefined) {
    return [
      {
        code: 'TOO_DEEPLY_NESTED',
        severity: 'ERROR',
        message: `the definition nests more than ${MAX_JSON_DEPTH} levels of JSON objects and arrays here; the validator analyses no deeper`,
        location: deep,
      },
    ];
  }
  const out: Diagnostic[] = [];
  if (typeof definition === 'string') duplicateKeyDiagnostics(definition, out);
  checkStructureInto(value, out);

  bytes ??= definitionBytes(value);
  if (bytes > MAX_DEFINITION_BYTES) {
    out.push({
      code: 'DEFINITION_TOO_LARGE',
      severity: 'ERROR',
      message: `the definition is ${bytes} bytes; AWS accepts at most ${MAX_DEFINITION_BYTES}`,
      location: '',
    });
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const root = value as Record<string, unknown>;
    const language: QueryLanguage = root.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
    const walker = new DefinitionWalker(out);
    walker.checkMachineTimeout(root.TimeoutSeconds);
    // The machine-level QueryLanguage is the default, not an override: walk with it as inherited.
    const graph = walker.walkGraph({ ...root, QueryLanguage: undefined }, '', language, 0);
    analyseAll(graph, out, typeof root.TimeoutSeconds === 'number');
    analyseVariables(graph, out);
  }
  return sortDiagnostics(out);
}

/**
 * The UTF-8 size of the definition's JSON. A UTF-16 unit takes 1 to 3 bytes, so the exact count is
 * only needed when the text length alone cannot decide.
 */
function definitionBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  // Under a third of the limit in UTF-16 units cannot pass it in bytes: skip the exact count.
  if (text.length * 3 <= MAX_DEFINITION_BYTES) return text.length;
  return Buffer.byteLength(text, 'utf8');
}

/** Repeated keys in the text: a state defined twice is DUPLICATE_STATE_NAME, any other field a schema error. */
function duplicateKeyDiagnostics(text: string, out: Diagnostic[]): void {
  for (const { key, parent } of findDuplicateKeys(text)) {
    const location = pointerTo(parent, key);
    if (parent.endsWith('/States') || parent === '/States') {
      out.push({
        code: 'DUPLICATE_STATE_NAME',
        severity: 'ERROR',
        message: `state '${key}' is defined twice in the same States object; only the last would be kept`,
        location,
      });
    } else {
      out.push({
        code: 'SCHEMA_VALIDATION_FAILED',
        severity: 'ERROR',
        message: `field '${key}' appears twice in the same object`,
        location,
      });
    }
  }
}

function analyseAll(graph: GraphInfo, out: Diagnostic[], timeBounded: boolean): void {
  analyseGraph(graph, out, timeBounded);
  for (const state of graph.states.values()) {
    for (const child of state.children) analyseAll(child, out, timeBounded);
  }
}

/** Errors before warnings; otherwise in the order found (definition order). */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const errors = diagnostics.filter((d) => d.severity === 'ERROR');
  if (errors.length === diagnostics.length || errors.length === 0) return diagnostics;
  return [...errors, ...diagnostics.filter((d) => d.severity !== 'ERROR')];
}
