/** The resource type the macro may modify. */
export const STATE_MACHINE_TYPE = 'AWS::StepFunctions::StateMachine';

// A state machine takes exactly one of these; the injected Definition replaces the other two.
const CONFLICTING_PROPERTIES = ['DefinitionString', 'DefinitionS3Location'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every `${Name}` DefinitionSubstitutions placeholder in the definition's strings (keys and values). */
export function substitutionPlaceholders(definition: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const match of node.matchAll(/\$\{([^}]+)\}/g)) found.add(match[1]!);
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        visit(key);
        visit(value);
      }
    }
  };
  visit(definition);
  return found;
}

/**
 * Returns a copy of `fragment` whose resource `logicalId` has `Properties.Definition = definition`,
 * with `DefinitionString`/`DefinitionS3Location` removed and every other property (notably
 * `DefinitionSubstitutions`) kept. Returns an error message when the resource is missing or is not
 * a state machine. The input fragment is not modified.
 */
export function injectDefinition(
  fragment: Record<string, unknown>,
  logicalId: string,
  definition: Record<string, unknown>,
): { fragment: Record<string, unknown> } | { error: string } {
  const resources = fragment.Resources;
  if (!isObject(resources)) {
    return { error: 'the template has no Resources section' };
  }
  const resource = resources[logicalId];
  if (!isObject(resource)) {
    const machines = Object.entries(resources)
      .filter(([, r]) => isObject(r) && r.Type === STATE_MACHINE_TYPE)
      .map(([id]) => id);
    return {
      error:
        `SMResource "${logicalId}" is not a resource in the template` +
        (machines.length > 0 ? ` (state machines present: ${machines.join(', ')})` : ''),
    };
  }
  if (resource.Type !== STATE_MACHINE_TYPE) {
    return {
      error: `SMResource "${logicalId}" is of type ${String(resource.Type)}, not ${STATE_MACHINE_TYPE}`,
    };
  }
  const substitutions = isObject(resource.Properties)
    ? resource.Properties.DefinitionSubstitutions
    : undefined;
  // Nothing would resolve a placeholder without a substitution, and a "${...}" left in an ARN fails only
  // at deploy or run time; say so now. An intrinsic (Fn::If...) cannot be checked here.
  const checkable =
    substitutions === undefined ||
    (isObject(substitutions) && !Object.keys(substitutions).some((k) => k.startsWith('Fn::')));
  if (checkable) {
    const defined = new Set(Object.keys(substitutions ?? {}));
    const missing = [...substitutionPlaceholders(definition)].filter((name) => !defined.has(name));
    if (missing.length > 0) {
      return {
        error: `the workflow uses ${missing.map((m) => `\${${m}}`).join(', ')} but ${logicalId} has no such DefinitionSubstitutions`,
      };
    }
  }
  const properties: Record<string, unknown> = isObject(resource.Properties) ? { ...resource.Properties } : {};
  for (const property of CONFLICTING_PROPERTIES) delete properties[property];
  properties.Definition = structuredClone(definition);
  return {
    fragment: {
      ...fragment,
      Resources: { ...resources, [logicalId]: { ...resource, Properties: properties } },
    },
  };
}
