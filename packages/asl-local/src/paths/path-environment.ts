import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import type { VariableScope } from '../execution/variable-scope.js';
import { NOT_FOUND, type ParsedPath, parsePath, selectPath } from './json-path.js';

/** What a JSONPath can read at one point of an execution: the data, the context object, variables. */
export interface PathEnvironment {
  /** `$`: the value the path applies to (state input, effective input or result). */
  data: JsonValue;
  /** `$$`: built on demand because most states never read it. */
  context: () => JsonValue;
  /** `$name`: workflow variables visible in this scope. */
  variables: VariableScope;
}

/** Resolves a path against an environment, or NOT_FOUND when it selects nothing. */
export function resolvePath(path: string | ParsedPath, env: PathEnvironment): JsonValue | typeof NOT_FOUND {
  const parsed = typeof path === 'string' ? parsePath(path) : path;
  switch (parsed.root.kind) {
    case 'data':
      return selectPath(parsed, env.data);
    case 'context':
      return selectPath(parsed, env.context());
    case 'variable': {
      const value = env.variables.get(parsed.root.name);
      if (value === undefined) return NOT_FOUND;
      return selectPath(parsed, value);
    }
  }
}
