import { CloudFormationClient, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { callAws } from '@stackset-lite/tasks';
import type { InputProblem } from '../input/input-error.js';

/** What CloudFormation says a template needs acknowledged (ValidateTemplate's answer). */
export interface TemplateNeeds {
  /** `CAPABILITY_IAM` or `CAPABILITY_NAMED_IAM` for a template with IAM resources. */
  capabilities: string[];
  /** CloudFormation's reason, naming the resource types. */
  capabilitiesReason?: string;
  /** The template's `Transform`s. */
  declaredTransforms: string[];
}

/** Reads what a template needs: CloudFormation's ValidateTemplate, or a template it cannot read. */
export type TemplateInspector = (
  templateUrl: string,
) => Promise<{ ok: true; needs: TemplateNeeds } | { ok: false; problem: string }>;

/**
 * The inspector over CloudFormation: ValidateTemplate reads the template from S3 with the
 * orchestrator's role (same account as the template bucket) and reports the capabilities its
 * resources need and its transforms (API reference, ValidateTemplate). Its ValidationError (a
 * malformed template, a template it cannot read) is the input's problem; throttling is raised as
 * `Throttled` (the machine retries it), anything else as it came.
 */
export function cloudFormationTemplateInspector(
  client: CloudFormationClient = new CloudFormationClient({}),
): TemplateInspector {
  return async (templateUrl) => {
    try {
      const out = await callAws('cloudformation:ValidateTemplate', () =>
        client.send(new ValidateTemplateCommand({ TemplateURL: templateUrl })),
      );
      return {
        ok: true,
        needs: {
          capabilities: out.Capabilities ?? [],
          ...(out.CapabilitiesReason && { capabilitiesReason: out.CapabilitiesReason }),
          declaredTransforms: out.DeclaredTransforms ?? [],
        },
      };
    } catch (error) {
      if (error instanceof Error && error.name === 'ValidationError') {
        return { ok: false, problem: error.message.split('\n')[0] ?? error.message };
      }
      throw error;
    }
  };
}

/**
 * Why the template cannot be deployed with the capabilities given, found before anything is
 * deployed (else every target would fail alike with InsufficientCapabilitiesException):
 * - IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM (which covers CAPABILITY_IAM);
 * - a transform needs CAPABILITY_AUTO_EXPAND, since a first deployment is a CreateStack (CreateStack
 *   `Capabilities`: "This includes the AWS::Include and AWS::Serverless transforms");
 * - only AWS's own transforms (`AWS::…`): the deploy role allows CreateChangeSet on
 *   `arn:…:cloudformation:*:aws:transform/*` alone, as an account's macros run its own Lambda code.
 * A transform's expansion can add IAM resources that only CloudFormation sees; a target then fails
 * with CloudFormation's InsufficientCapabilitiesException, naming the capability.
 */
export async function templateProblems(
  inspect: TemplateInspector,
  templateUrl: string,
  given: readonly string[],
): Promise<InputProblem[]> {
  const found = await inspect(templateUrl);
  if (!found.ok) {
    return [
      {
        pointer: '/template',
        message: `CloudFormation refused the template ${templateUrl}: ${found.problem}`,
      },
    ];
  }
  const { needs } = found;
  const has = new Set(given);
  const problems: InputProblem[] = [];
  const reason = needs.capabilitiesReason ? ` (${needs.capabilitiesReason})` : '';
  for (const needed of needs.capabilities) {
    const covered = has.has('CAPABILITY_NAMED_IAM') || (needed === 'CAPABILITY_IAM' && has.has(needed));
    if (!covered) {
      problems.push({
        pointer: '/capabilities',
        message: `the template needs ${needed}${reason}: add it to capabilities`,
      });
    }
  }
  const transforms = needs.declaredTransforms;
  if (transforms.length > 0 && !has.has('CAPABILITY_AUTO_EXPAND')) {
    problems.push({
      pointer: '/capabilities',
      message: `the template declares the transform${transforms.length > 1 ? 's' : ''} ${transforms.join(', ')}: add CAPABILITY_AUTO_EXPAND to capabilities`,
    });
  }
  const macros = transforms.filter((name) => !name.startsWith('AWS::'));
  if (macros.length > 0) {
    problems.push({
      pointer: '/template',
      message: `the template uses the macro${macros.length > 1 ? 's' : ''} ${macros.join(', ')}: the deploy role allows only AWS's own transforms (AWS::…), as an account's macros run its own code`,
    });
  }
  return problems;
}
