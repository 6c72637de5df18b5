import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import type { JsonPathSegment } from '@stackset-lite/asl-dsl/paths';
import type { ParsedPath } from './json-path.js';

/*
 * Causes worded as AWS words them for paths that select nothing (AWS runs Jayway JsonPath and
 * quotes its messages). Recorded in LocalStack scenarios/test_base_scenarios.snapshot.json:
 * "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']",
 * "Invalid path '$.no.such.result.path' : Missing property in path $['no']", and
 * "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the
 * input '{...}'".
 */

/** A path's segments in Jayway's bracket notation: `$['a']['b'][0]`. */
function bracketed(root: string, segments: readonly JsonPathSegment[]): string | undefined {
  let out = root;
  for (const s of segments) {
    if (s.scope !== 'child') return undefined;
    if (s.selector.kind === 'name') out += `['${s.selector.name}']`;
    else if (s.selector.kind === 'index') out += `[${s.selector.index}]`;
    else return undefined;
  }
  return out;
}

/**
 * The cause of an InputPath/OutputPath/ItemsPath/TimeoutSecondsPath that selects nothing in
 * `data`: "No results for path" when only the last step is missing, "Missing property in path"
 * when an earlier one is.
 */
export function invalidPathCause(path: ParsedPath, data: JsonValue): string {
  const root = path.root.kind === 'context' ? '$$' : '$';
  const all = bracketed(root, path.segments);
  if (path.definite && all !== undefined) {
    let cur: JsonValue | undefined = data;
    for (let i = 0; i < path.segments.length - 1; i++) {
      const sel = (path.segments[i] as JsonPathSegment).selector;
      cur =
        sel.kind === 'name' &&
        cur !== null &&
        typeof cur === 'object' &&
        !Array.isArray(cur) &&
        Object.hasOwn(cur, sel.name)
          ? cur[sel.name]
          : sel.kind === 'index' && Array.isArray(cur)
            ? cur[sel.index]
            : undefined;
      if (cur === undefined) {
        return `Invalid path '${path.source}' : Missing property in path ${bracketed(root, path.segments.slice(0, i + 1))}`;
      }
    }
    return `Invalid path '${path.source}' : No results for path: ${all}`;
  }
  return `Invalid path '${path.source}' : No results for path: ${path.source}`;
}

/** The cause of a Parameters/ErrorPath/... path that selects nothing. */
export function pathNotFoundCause(path: string, field: string, input: JsonValue): string {
  return `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(input)}'`;
}
