import { SimulatedAwsError, validationError } from './aws-fault.js';
import { parseTemplateDocument } from './cloudformation-template.js';

/**
 * IAM resource types and the property that gives each a custom name (CloudFormation API reference,
 * CreateStack, `Capabilities`: "AWS::IAM::AccessKey, AWS::IAM::Group, AWS::IAM::InstanceProfile,
 * AWS::IAM::ManagedPolicy, AWS::IAM::Policy, AWS::IAM::Role, AWS::IAM::User and
 * AWS::IAM::UserToGroupAddition"; "If you have IAM resources with custom names, you must specify
 * CAPABILITY_NAMED_IAM").
 */
const IAM_RESOURCES: Readonly<Record<string, string | undefined>> = {
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::UserToGroupAddition': undefined,
};

/** What a template asks to be acknowledged, as ValidateTemplate reports it. */
export interface TemplateRequirements {
  /** `CAPABILITY_IAM` or `CAPABILITY_NAMED_IAM` when the template has IAM resources (at most one). */
  capabilities: ('CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM')[];
  /** "The following resource(s) require capabilities: [AWS::IAM::Role]" when there are. */
  capabilitiesReason?: string;
  /** The template's `Transform` names, in order. */
  declaredTransforms: string[];
  /** Parameter names with their defaults. */
  parameters: { ParameterKey: string; DefaultValue?: string; NoEcho: boolean }[];
}

/**
 * Reads a template's text as CloudFormation does for ValidateTemplate, CreateStack and
 * CreateChangeSet: a template that is not a mapping with Resources is a ValidationError
 * "Template format error: …".
 */
export function templateRequirements(body: string): TemplateRequirements {
  let document: unknown;
  try {
    document = parseTemplateDocument(body);
  } catch {
    throw validationError('Template format error: YAML not well-formed.');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw validationError('Template format error: unsupported structure.');
  }
  const template = document as Record<string, unknown>;
  const resources = template.Resources;
  if (typeof resources !== 'object' || resources === null || Object.keys(resources).length === 0) {
    throw validationError('Template format error: At least one Resources member must be defined.');
  }
  const iamTypes = new Set<string>();
  let named = false;
  for (const resource of Object.values(resources)) {
    const type = (resource as { Type?: unknown }).Type;
    if (typeof type !== 'string' || !(type in IAM_RESOURCES)) continue;
    iamTypes.add(type);
    const nameProperty = IAM_RESOURCES[type];
    const properties = (resource as { Properties?: Record<string, unknown> }).Properties;
    if (nameProperty && properties?.[nameProperty] !== undefined) named = true;
  }
  const transform = template.Transform;
  const declaredTransforms = (Array.isArray(transform) ? transform : transform ? [transform] : []).map((t) =>
    typeof t === 'string' ? t : String((t as { Name?: unknown }).Name),
  );
  const parameters = Object.entries(
    (template.Parameters ?? {}) as Record<string, Record<string, unknown>>,
  ).map(([key, p]) => ({
    ParameterKey: key,
    ...(p.Default !== undefined && { DefaultValue: String(p.Default) }),
    NoEcho: p.NoEcho === true || p.NoEcho === 'true',
  }));
  return {
    capabilities: iamTypes.size === 0 ? [] : [named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM'],
    ...(iamTypes.size > 0 && {
      capabilitiesReason: `The following resource(s) require capabilities: [${[...iamTypes].join(', ')}]`,
    }),
    declaredTransforms,
    parameters,
  };
}

/**
 * The InsufficientCapabilitiesException CloudFormation raises for a request that does not acknowledge
 * what the template needs, or undefined. A stack created or updated directly needs
 * CAPABILITY_AUTO_EXPAND for any transform; a change set does not ("This capacity doesn't apply to
 * creating change sets", CreateChangeSet `Capabilities`). IAM resources need CAPABILITY_IAM, named
 * ones CAPABILITY_NAMED_IAM (which covers CAPABILITY_IAM). The message reads
 * "Requires capabilities : [CAPABILITY_IAM]".
 */
export function insufficientCapabilities(
  requirements: TemplateRequirements,
  given: readonly string[],
  request: 'stack' | 'changeSet',
): SimulatedAwsError | undefined {
  const has = new Set(given);
  const missing =
    request === 'stack' && requirements.declaredTransforms.length > 0 && !has.has('CAPABILITY_AUTO_EXPAND')
      ? 'CAPABILITY_AUTO_EXPAND'
      : requirements.capabilities.find(
          (needed) =>
            !has.has('CAPABILITY_NAMED_IAM') && !(needed === 'CAPABILITY_IAM' && has.has('CAPABILITY_IAM')),
        );
  return missing
    ? new SimulatedAwsError('InsufficientCapabilitiesException', `Requires capabilities : [${missing}]`)
    : undefined;
}
