/**
 * Reads the shipped CloudFormation YAML (short-form intrinsics included) and resolves Ref / Fn::Sub /
 * Fn::GetAtt / Fn::Join / Fn::Split with test values, so the templates' policies can be simulated (tests of this
 * package and of the workflow that deploys with these roles).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type Tags } from 'yaml';
import { z } from 'zod';

/** Directory of the shipped templates. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const SHORT_FORMS = {
  '!Ref': 'Ref',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!GetAZs': 'Fn::GetAZs',
  '!Base64': 'Fn::Base64',
  '!Condition': 'Condition',
} as const;

const cloudFormationTags: Tags = Object.entries(SHORT_FORMS).flatMap(([tag, name]) => [
  { tag, resolve: (value: string) => ({ [name]: name === 'Fn::GetAtt' ? value.split('.') : value }) },
  {
    tag,
    collection: 'seq' as const,
    resolve: (value: { toJSON(): unknown }) => ({ [name]: value.toJSON() }),
  },
  {
    tag,
    collection: 'map' as const,
    resolve: (value: { toJSON(): unknown }) => ({ [name]: value.toJSON() }),
  },
]);

const TemplateSchema = z.object({
  AWSTemplateFormatVersion: z.literal('2010-09-09'),
  Description: z.string().min(1),
  Transform: z.union([z.string(), z.array(z.string())]).optional(),
  Parameters: z
    .record(z.string(), z.looseObject({ Type: z.string(), Default: z.unknown().optional() }))
    .default({}),
  Resources: z.record(z.string(), z.looseObject({ Type: z.string(), Properties: z.unknown().optional() })),
  Outputs: z.record(z.string(), z.looseObject({ Value: z.unknown() })).default({}),
});

/** A parsed template (intrinsics still unresolved). */
export type CloudFormationTemplate = z.infer<typeof TemplateSchema>;

/** Every template file shipped in the package. */
export const TEMPLATE_FILES = [
  'target-lister-role.yaml',
  'target-account-roles.yaml',
  'template-bucket.yaml',
  'workflow-macro.yaml',
  'workflow-stack.yaml',
] as const;

/** Parses one shipped template. */
export function loadTemplate(file: string): CloudFormationTemplate {
  const text = readFileSync(`${TEMPLATES_DIR}${file}`, 'utf-8');
  return parseTemplate(text);
}

/** Parses a template's YAML or JSON text (JSON is YAML), e.g. a generated SAM template. */
export function parseTemplate(text: string): CloudFormationTemplate {
  return TemplateSchema.parse(parseTemplateDocument(text));
}

/** A template's YAML or JSON text as a document (short-form intrinsics read), unchecked. */
export function parseTemplateDocument(text: string): unknown {
  return parse(text, { customTags: cloudFormationTags });
}

/** Values the resolver substitutes. */
export interface ResolveContext {
  readonly parameters: Record<string, string>;
  readonly accountId: string;
  readonly region: string;
  readonly stackName?: string;
  /**
   * Physical names of resources whose names CloudFormation generates (by logical id), e.g. a deployed
   * bucket's; others get `<stack>-<logical id>-GENERATED`.
   */
  readonly physicalNames?: Readonly<Record<string, string>>;
  /** Resolve only these resources (others are left as written), e.g. a role in a SAM template. */
  readonly resources?: readonly string[];
}

function physicalName(
  template: CloudFormationTemplate,
  logicalId: string,
  nameProperty: string,
  resolve: (v: unknown) => unknown,
  stackName: string,
  known?: Readonly<Record<string, string>>,
): string {
  const given = known?.[logicalId];
  if (given !== undefined) return given;
  const properties = template.Resources[logicalId]?.Properties as Record<string, unknown> | undefined;
  const name = properties?.[nameProperty];
  return name === undefined ? `${stackName}-${logicalId}-GENERATED` : String(resolve(name));
}

/** Resolves intrinsics in `template` with test parameter values; throws on anything it cannot resolve. */
export function resolveTemplate(
  template: CloudFormationTemplate,
  context: ResolveContext,
): CloudFormationTemplate {
  const stackName = context.stackName ?? 'test-stack';
  const partition = 'aws';
  const values: Record<string, string | string[]> = {
    'AWS::AccountId': context.accountId,
    'AWS::Region': context.region,
    'AWS::Partition': partition,
    'AWS::StackName': stackName,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  for (const [name, parameter] of Object.entries(template.Parameters)) {
    const value = context.parameters[name] ?? parameter.Default;
    if (value === undefined) throw new Error(`no test value for parameter ${name}`);
    // A CommaDelimitedList's Ref is the list of its comma-separated values (CloudFormation user guide,
    // Parameters: "CommaDelimitedList").
    values[name] =
      parameter.Type === 'CommaDelimitedList'
        ? String(value)
            .split(',')
            .map((v) => v.trim())
        : String(value);
  }

  const ref = (name: string): string | string[] => {
    if (name in values) return values[name]!;
    const resource = template.Resources[name];
    if (!resource) throw new Error(`Ref to unknown name ${name}`);
    return attribute(name, 'Ref');
  };

  const attribute = (logicalId: string, attr: string): string => {
    const resource = template.Resources[logicalId];
    if (!resource) throw new Error(`GetAtt of unknown resource ${logicalId}`);
    const r = (v: unknown) => resolve(v);
    const { accountId, region } = context;
    switch (`${resource.Type}.${attr}`) {
      case 'AWS::IAM::Role.Ref':
        return physicalName(template, logicalId, 'RoleName', r, stackName, context.physicalNames);
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${accountId}:role/${physicalName(template, logicalId, 'RoleName', r, stackName, context.physicalNames)}`;
      case 'AWS::S3::Bucket.Ref':
        return physicalName(
          template,
          logicalId,
          'BucketName',
          r,
          stackName,
          context.physicalNames,
        ).toLowerCase();
      case 'AWS::S3::Bucket.Arn':
        return `arn:${partition}:s3:::${attribute(logicalId, 'Ref')}`;
      case 'AWS::Logs::LogGroup.Ref':
        return physicalName(template, logicalId, 'LogGroupName', r, stackName, context.physicalNames);
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:${partition}:logs:${region}:${accountId}:log-group:${attribute(logicalId, 'Ref')}:*`;
      case 'AWS::Lambda::Function.Ref':
        return physicalName(template, logicalId, 'FunctionName', r, stackName, context.physicalNames);
      case 'AWS::Lambda::Function.Arn':
        return `arn:${partition}:lambda:${region}:${accountId}:function:${attribute(logicalId, 'Ref')}`;
      case 'AWS::StepFunctions::StateMachine.Ref':
        return `arn:${partition}:states:${region}:${accountId}:stateMachine:${logicalId}-GENERATED`;
      case 'AWS::SNS::Topic.Ref':
        return `arn:${partition}:sns:${region}:${accountId}:${physicalName(template, logicalId, 'TopicName', r, stackName, context.physicalNames)}`;
      // Ref is the table name, GetAtt Arn its ARN (the stack set store's table).
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#aws-resource-dynamodb-table-return-values
      case 'AWS::DynamoDB::Table.Ref':
        return physicalName(template, logicalId, 'TableName', r, stackName, context.physicalNames);
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:${partition}:dynamodb:${region}:${accountId}:table/${attribute(logicalId, 'Ref')}`;
      case 'AWS::S3::BucketPolicy.Ref':
      case 'AWS::CloudFormation::Macro.Ref':
        return `${logicalId}-GENERATED`;
      default:
        throw new Error(`GetAtt ${logicalId}.${attr} (${resource.Type}) is not a known attribute`);
    }
  };

  const substitute = (text: string, variables: Record<string, unknown>): string =>
    text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in variables) return String(resolve(variables[name]));
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return attribute(name.slice(0, dot), name.slice(dot + 1));
      const value = ref(name);
      if (Array.isArray(value)) throw new Error(`Fn::Sub cannot use the list parameter ${name}`);
      return value;
    });

  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (typeof node !== 'object' || node === null) return node;
    const entries = Object.entries(node);
    if (entries.length === 1) {
      const [[key, arg]] = entries as [[string, unknown]];
      if (key === 'Ref') return ref(String(arg));
      if (key === 'Fn::GetAtt') {
        const [logicalId, attr] = arg as [string, string];
        return attribute(logicalId, attr);
      }
      if (key === 'Fn::Sub') {
        return typeof arg === 'string'
          ? substitute(arg, {})
          : substitute(
              (arg as [string, Record<string, unknown>])[0],
              (arg as [string, Record<string, unknown>])[1],
            );
      }
      if (key === 'Fn::Split') {
        const [separator, source] = arg as [string, unknown];
        return String(resolve(source)).split(separator);
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((p) => String(resolve(p))).join(separator);
      }
      if (key.startsWith('Fn::')) throw new Error(`intrinsic ${key} is not supported by the test resolver`);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
  };

  if (context.resources) {
    const chosen = new Set(context.resources);
    return {
      ...template,
      Resources: Object.fromEntries(
        Object.entries(template.Resources).map(([id, r]) => [id, chosen.has(id) ? resolve(r) : r]),
      ) as CloudFormationTemplate['Resources'],
    };
  }
  return {
    ...template,
    Resources: resolve(template.Resources) as CloudFormationTemplate['Resources'],
    Outputs: resolve(template.Outputs) as CloudFormationTemplate['Outputs'],
  };
}
