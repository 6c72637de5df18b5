import { parseS3Url } from '@stackset-lite/tasks';
import type { SimulatedEstate } from '@stackset-lite/tasks/simulated-estate';
import type { RolloutInput } from '../input/rollout-input.js';
import { SIMULATED_INSTALLATION, type SimulationScenario } from './simulated-rollout.js';

/** How many accounts to put in the organization a user's input targets. */
export interface InputEstateOptions {
  /** ACTIVE accounts spread over the input's OUs (or its root). */
  accounts: number;
  /** SUSPENDED accounts put in the first OU the input targets (skipped by the rollout). */
  suspended: number;
  /** The installation's StackNamePrefix (the deploy role's). @default "stackset-lite-" */
  stackNamePrefix?: string;
}

/** What a stand-in template holds: the simulated CloudFormation compares templates, it runs no resources. */
const STAND_IN_TEMPLATE = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n';

/**
 * The parts of a {@link SimulationScenario} that give a user's own rollout input an organization to
 * run against: the root and OUs the input names (same ids), the accounts it names (explicit targets
 * and parameter overrides) plus `accounts` generated ones spread over those OUs, a stand-in template
 * where the input says the template is, and an installation whose template bucket is the input's and
 * whose own notification topic (in the orchestrator's account) is the input's. The input itself is run verbatim.
 */
export function scenarioForInput(
  input: RolloutInput,
  document: unknown,
  options: InputEstateOptions,
): Pick<
  SimulationScenario,
  'rawInput' | 'rootId' | 'installation' | 'setup' | 'accounts' | 'suspendedAccounts'
> {
  const units = input.targets.organizationalUnits ?? [];
  // An organization has one root: the first root id the input names (another one fails ListTargets, as in AWS).
  const rootId = units.find((u) => u.startsWith('r-'));
  const template = templateLocation(input);
  const topicAccount = input.notificationTopicArn?.split(':')[4];
  return {
    rawInput: document,
    ...(rootId && { rootId }),
    // The scenario's own accounts land in the root: the setup below places every account itself.
    accounts: 0,
    suspendedAccounts: 0,
    installation: {
      ...(options.stackNamePrefix !== undefined && { stackNamePrefix: options.stackNamePrefix }),
      ...(template && { templateBucket: { name: template.bucket, region: template.region } }),
      // The installation's own topic is the only one an input may name (prepareOperation refuses others).
      ...(input.notificationTopicArn && { topicArn: input.notificationTopicArn }),
      ...(topicAccount && { orchestratorAccountId: topicAccount }),
    },
    setup: (estate: SimulatedEstate, accounts: string[]) => {
      const org = estate.organization;
      const containers = units.map((u) => {
        if (u.startsWith('r-')) return org.rootId;
        if (!org.units.has(u)) org.addOrganizationalUnit({ id: u, name: u });
        return u;
      });
      const first = containers[0] ?? org.rootId;
      // UNION adds the named accounts to the OUs' accounts, so they live outside the OUs; INTERSECTION and
      // DIFFERENCE select or remove accounts of the OUs, so they live inside the first one.
      const namedParent = input.targets.accountFilterType === 'UNION' ? org.rootId : first;
      for (const id of [...(input.targets.accounts ?? []), ...Object.keys(input.parameterOverrides)]) {
        if (org.accounts.has(id)) continue;
        accounts.push(org.addAccount({ id, parentId: namedParent }).id);
      }
      let next = 200_000_000_000;
      const freshId = () => {
        while (org.accounts.has(String(next))) next++;
        return String(next++);
      };
      if (containers.length > 0) {
        for (let i = 0; i < options.accounts; i++) {
          const parentId = containers[i % containers.length] ?? first;
          accounts.push(org.addAccount({ id: freshId(), parentId }).id);
        }
        for (let i = 0; i < options.suspended; i++) {
          accounts.push(org.addAccount({ id: freshId(), parentId: first, state: 'SUSPENDED' }).id);
        }
      }
      if (template) estate.s3.put(template.bucket, template.key, STAND_IN_TEMPLATE);
    },
  };
}

/** Where the input's template is (its region when its URL names one). */
function templateLocation(input: RolloutInput): { bucket: string; key: string; region: string } | undefined {
  const t = input.template;
  if (!t) return undefined;
  if ('bucket' in t) return { bucket: t.bucket, key: t.key, region: SIMULATED_INSTALLATION.region };
  const parsed = parseS3Url(t.url);
  if (!parsed.ok) return undefined;
  const { bucket, key, region } = parsed.value;
  return { bucket, key, region: region ?? SIMULATED_INSTALLATION.region };
}
