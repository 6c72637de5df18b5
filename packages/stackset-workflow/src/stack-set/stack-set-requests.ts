import { z } from 'zod';
import { type InputProblem, InvalidInputError, toInputProblems } from '../input/input-error.js';
import {
  AccountIdSchema,
  CapabilitySchema,
  PreferencesSchema,
  RegionSchema,
  RoleNameSchema,
  StackNameSchema,
  TargetsSchema,
  TemplateLocationSchema,
} from '../input/rollout-input.js';
import {
  AutoDeploymentSchema,
  instanceKey,
  newOperationId,
  type Operation,
  type OperationAction,
  OperationIdSchema,
  ParameterOverrideSchema,
  type StackInstance,
  type StackSet,
  StackSetNameSchema,
} from './stack-set-model.js';
import { OperationStatusConflictError, type StackSetStore } from './stack-set-store.js';

/** Refuses a request before anything is written, naming every bad field as a JSON pointer. */
function refuse(problems: InputProblem[]): never {
  throw new InvalidInputError(problems);
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) refuse(toInputProblems(parsed.error));
  return parsed.data;
}

/** The template of a stack set request: a location and the version it is. */
const TemplateRequestSchema = z.intersection(
  TemplateLocationSchema,
  z.object({ version: z.string().min(1).max(256) }),
);

function templateUrlOf(t: z.output<typeof TemplateRequestSchema>): string {
  if ('url' in t) return t.url;
  return `https://${t.bucket}.s3.amazonaws.com/${t.key.split('/').map(encodeURIComponent).join('/')}`;
}

/** `stackset-lite` stack set definition (StackSets' CreateStackSet). */
export const CreateStackSetRequestSchema = z.strictObject({
  name: StackSetNameSchema,
  stackName: StackNameSchema,
  description: z.string().max(1024).optional(),
  template: TemplateRequestSchema,
  parameters: z.record(z.string().min(1), z.string()).default({}),
  capabilities: z.array(CapabilitySchema).default([]),
  serviceRoleName: RoleNameSchema.optional(),
  targets: TargetsSchema,
  preferences: PreferencesSchema.default({
    regionConcurrency: 'SEQUENTIAL',
    concurrencyMode: 'STRICT',
    waves: ['100%'],
  }),
  autoDeployment: AutoDeploymentSchema.default({ enabled: false, retainStacksOnAccountRemoval: false }),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
});
/** A stack set definition as a user writes it. */
export type CreateStackSetRequest = z.input<typeof CreateStackSetRequestSchema>;

/**
 * Targets whose parts contradict each other. With `accountFilterType` NONE and OUs given, StackSets
 * deploys to the OUs' accounts and ignores `accounts`: a request naming both without a filter type
 * would silently drop the accounts, so it is refused.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
 */
function targetConflicts(targets: z.output<typeof TargetsSchema>, at: string): InputProblem[] {
  const problems: InputProblem[] = [];
  if (
    targets.accountFilterType === 'NONE' &&
    targets.accounts?.length &&
    targets.organizationalUnits?.length
  ) {
    problems.push({
      pointer: `${at}/accountFilterType`,
      message:
        'accounts and organizationalUnits conflict: with accountFilterType NONE the accounts would be ignored; choose INTERSECTION, DIFFERENCE or UNION',
    });
  }
  const seen = new Set<string>();
  for (const [i, a] of (targets.accounts ?? []).entries()) {
    if (seen.has(a)) problems.push({ pointer: `${at}/accounts/${i}`, message: `account ${a} listed twice` });
    seen.add(a);
  }
  const ous = new Set<string>();
  for (const [i, ou] of (targets.organizationalUnits ?? []).entries()) {
    if (ous.has(ou))
      problems.push({ pointer: `${at}/organizationalUnits/${i}`, message: `OU ${ou} listed twice` });
    ous.add(ou);
  }
  return problems;
}

/** Accounts or OUs listed twice in raw targets (checked even when other fields are bad: one run names every problem). */
function duplicatedTargets(raw: unknown): InputProblem[] {
  const targets = (raw as { targets?: Record<string, unknown> } | undefined)?.targets;
  const problems: InputProblem[] = [];
  for (const field of ['accounts', 'organizationalUnits'] as const) {
    const list = targets?.[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (list.indexOf(item) !== i)
        problems.push({ pointer: `/targets/${field}/${i}`, message: `${String(item)} listed twice` });
    });
  }
  return problems;
}

/** Creates a stack set (no instances yet: deploy them with an operation). */
export async function createStackSet(
  store: StackSetStore,
  request: unknown,
  nowMs: number,
): Promise<StackSet> {
  const parsed = CreateStackSetRequestSchema.safeParse(request);
  if (!parsed.success) refuse([...toInputProblems(parsed.error), ...duplicatedTargets(request)]);
  const r = parsed.data;
  const conflicts = targetConflicts(r.targets, '/targets');
  if (conflicts.length) refuse(conflicts);
  if (await store.getStackSet(r.name))
    refuse([{ pointer: '/name', message: `stack set ${r.name} already exists` }]);
  const now = new Date(nowMs).toISOString();
  const { template, ...rest } = r;
  const stackSet: StackSet = {
    ...rest,
    template: { url: templateUrlOf(template), version: template.version },
    revision: 1,
    createdAt: now,
    updatedAt: now,
  };
  await store.putStackSet(stackSet, { expectedRevision: 0 });
  return stackSet;
}

/** A change to a stack set (StackSets' UpdateStackSet without its operation). */
export const UpdateStackSetRequestSchema = z.strictObject({
  template: TemplateRequestSchema.optional(),
  parameters: z.record(z.string().min(1), z.string()).optional(),
  capabilities: z.array(CapabilitySchema).optional(),
  preferences: PreferencesSchema.optional(),
  autoDeployment: AutoDeploymentSchema.optional(),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  description: z.string().max(1024).optional(),
});

/**
 * Changes a stack set. A change to what the stacks deploy (template, parameters, capabilities) moves
 * it to a new revision and makes every instance OUTDATED until an operation deploys it there.
 */
export async function updateStackSet(
  store: StackSetStore,
  name: string,
  request: unknown,
  nowMs: number,
): Promise<StackSet> {
  const change = parse(UpdateStackSetRequestSchema, request);
  const current = await store.getStackSet(name);
  if (!current) refuse([{ pointer: '/stackSetName', message: `no stack set named ${name}` }]);
  const now = new Date(nowMs).toISOString();
  const { template, ...rest } = change;
  const next: StackSet = {
    ...current,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(template && { template: { url: templateUrlOf(template), version: template.version } }),
    revision: current.revision + 1,
    updatedAt: now,
  };
  await store.putStackSet(next, { expectedRevision: current.revision });
  const deploys =
    template !== undefined || change.parameters !== undefined || change.capabilities !== undefined;
  if (deploys) {
    const instances = await store.listInstances(name);
    await store.putInstances(
      instances
        .filter((i) => i.status === 'CURRENT')
        .map((i) => ({
          ...i,
          status: 'OUTDATED' as const,
          statusReason: `the stack set changed (revision ${next.revision}); not yet deployed here`,
          updatedAt: now,
        })),
    );
  }
  return next;
}

/** An operation as a user (or auto-deployment) asks for it. */
export const OperationRequestSchema = z.strictObject({
  action: z.enum(['DEPLOY', 'DELETE', 'DETECT_DRIFT', 'IMPORT']),
  /** Only these accounts (required for DELETE and IMPORT). @default every instance / target */
  accounts: z.array(AccountIdSchema).min(1).optional(),
  /** Only these regions. @default the stack set's regions */
  regions: z.array(RegionSchema).min(1).optional(),
  parameterOverrides: z.array(ParameterOverrideSchema).default([]),
  /** DELETE: detach the instances, keep the stacks. */
  retainStacks: z.boolean().default(false),
  preferences: PreferencesSchema.optional(),
  origin: z.enum(['USER', 'AUTO_DEPLOYMENT']).default('USER'),
});
/** An operation request as written. */
export type OperationRequest = z.input<typeof OperationRequestSchema>;

/** Looks up whether the stack of an instance exists (import checks this before queueing). */
export type StackExists = (account: string, region: string, stackName: string) => Promise<boolean>;

/**
 * Checks an operation request against the stack set and its instances and queues it (QUEUED). Bad
 * requests are refused before anything is written: regions outside the stack set, accounts twice,
 * overrides for accounts or regions outside the operation's targets, DELETE/IMPORT without accounts,
 * an import of a stack that does not exist, retainStacks on anything but DELETE.
 */
export async function requestOperation(
  store: StackSetStore,
  stackSetName: string,
  request: unknown,
  deps: { nowMs: number; idSuffix: string; stackExists?: StackExists },
): Promise<Operation> {
  const r = parse(OperationRequestSchema, request);
  const stackSet = await store.getStackSet(stackSetName);
  if (!stackSet) refuse([{ pointer: '/stackSetName', message: `no stack set named ${stackSetName}` }]);
  const instances = await store.listInstances(stackSetName);
  const problems: InputProblem[] = [];
  const regions = r.regions ?? stackSet.targets.regions;
  for (const [i, region] of (r.regions ?? []).entries()) {
    if (!stackSet.targets.regions.includes(region)) {
      problems.push({
        pointer: `/regions/${i}`,
        message: `region ${region} is not a region of stack set ${stackSetName}`,
      });
    } else if (r.regions?.indexOf(region) !== i) {
      problems.push({ pointer: `/regions/${i}`, message: `region ${region} listed twice` });
    }
  }
  for (const [i, a] of (r.accounts ?? []).entries()) {
    if (r.accounts?.indexOf(a) !== i)
      problems.push({ pointer: `/accounts/${i}`, message: `account ${a} listed twice` });
  }
  if ((r.action === 'DELETE' || r.action === 'IMPORT') && !r.accounts) {
    problems.push({
      pointer: '/accounts',
      message: `${r.action} needs the accounts whose instances it ${r.action === 'DELETE' ? 'deletes' : 'imports'}`,
    });
  }
  if (r.retainStacks && r.action !== 'DELETE') {
    problems.push({ pointer: '/retainStacks', message: 'retainStacks applies to DELETE only' });
  }
  // The accounts an override may name: the operation's own, else the stack set's known accounts.
  const targeted = new Set(
    r.accounts ?? [...(stackSet.targets.accounts ?? []), ...instances.map((i) => i.account)],
  );
  for (const [i, o] of r.parameterOverrides.entries()) {
    for (const [j, a] of o.accounts.entries()) {
      if (!targeted.has(a)) {
        problems.push({
          pointer: `/parameterOverrides/${i}/accounts/${j}`,
          message: `account ${a} is not a target of this operation: an override applies only to accounts it deploys to`,
        });
      }
    }
    for (const [j, region] of o.regions.entries()) {
      if (!regions.includes(region)) {
        problems.push({
          pointer: `/parameterOverrides/${i}/regions/${j}`,
          message: `region ${region} is not a region of this operation (${regions.join(', ')})`,
        });
      }
    }
  }
  if (r.parameterOverrides.length && (r.action === 'DELETE' || r.action === 'DETECT_DRIFT')) {
    problems.push({
      pointer: '/parameterOverrides',
      message: `${r.action} deploys nothing: overrides do not apply`,
    });
  }
  if (problems.length === 0 && r.action === 'IMPORT') {
    if (!deps.stackExists)
      throw new Error('IMPORT needs a stack lookup (stackExists) to check the stacks exist');
    const existing = new Set(instances.map(instanceKey));
    for (const [i, account] of (r.accounts ?? []).entries()) {
      for (const region of regions) {
        if (existing.has(instanceKey({ account, region }))) {
          problems.push({
            pointer: `/accounts/${i}`,
            message: `${account}/${region} is already an instance of ${stackSetName}`,
          });
        } else if (!(await deps.stackExists(account, region, stackSet.stackName))) {
          problems.push({
            pointer: `/accounts/${i}`,
            message: `no stack named ${stackSet.stackName} in ${account}/${region}: there is nothing to import`,
          });
        }
      }
    }
  }
  if (problems.length) refuse(problems);

  const scoped = instances.filter(
    (i) => (!r.accounts || r.accounts.includes(i.account)) && regions.includes(i.region),
  );
  const action: OperationAction =
    r.action === 'DEPLOY' ? (scoped.length === 0 ? 'CREATE' : 'UPDATE') : r.action;
  const operation: Operation = {
    stackSetName,
    operationId: newOperationId(deps.nowMs, deps.idSuffix),
    action,
    status: 'QUEUED',
    stackSetRevision: stackSet.revision,
    origin: r.origin,
    ...((r.accounts || r.regions) && {
      scope: { ...(r.accounts && { accounts: r.accounts }), ...(r.regions && { regions: r.regions }) },
    }),
    parameterOverrides: r.parameterOverrides,
    retainStacks: r.retainStacks,
    ...(r.preferences && { preferences: r.preferences }),
    creationTimestamp: new Date(deps.nowMs).toISOString(),
  };
  if (r.action === 'IMPORT') await includeImportedAccounts(store, stackSet, r.accounts ?? [], deps.nowMs);
  await store.createOperation(operation);
  return operation;
}

/**
 * Imported stacks join the stack set: their accounts become targets (with the OUs: a UNION), so a
 * later deploy of the whole stack set updates them too. A stack set that filters its OUs by accounts
 * (INTERSECTION, DIFFERENCE) keeps its targets: its imported instances are updated by deploys that
 * name their accounts.
 */
async function includeImportedAccounts(
  store: StackSetStore,
  stackSet: StackSet,
  accounts: readonly string[],
  nowMs: number,
): Promise<void> {
  const { targets } = stackSet;
  if (targets.accountFilterType === 'INTERSECTION' || targets.accountFilterType === 'DIFFERENCE') return;
  const listed = new Set(targets.accounts ?? []);
  const added = accounts.filter((a) => !listed.has(a));
  if (added.length === 0) return;
  const next: StackSet = {
    ...stackSet,
    targets: {
      ...targets,
      accounts: [...(targets.accounts ?? []), ...added],
      accountFilterType: targets.organizationalUnits?.length ? 'UNION' : 'NONE',
    },
    revision: stackSet.revision + 1,
    updatedAt: new Date(nowMs).toISOString(),
  };
  await store.putStackSet(next, { expectedRevision: stackSet.revision });
}

/** `stop`'s request. */
export const StopRequestSchema = z.strictObject({
  stackSetName: StackSetNameSchema,
  operationId: OperationIdSchema,
});

/**
 * Asks a RUNNING operation to stop (StackSets' StopStackSetOperation): it becomes STOPPING; the
 * machine lets the targets in flight settle, cancels the rest and ends it STOPPED. Anything but a
 * RUNNING operation is refused, naming `/operationId`, and nothing changes.
 */
export async function stopOperation(store: StackSetStore, request: unknown): Promise<Operation> {
  const { stackSetName, operationId } = parse(StopRequestSchema, request);
  try {
    return await store.transitionOperation(stackSetName, operationId, ['RUNNING'], { status: 'STOPPING' });
  } catch (error) {
    if (error instanceof OperationStatusConflictError) {
      refuse([
        {
          pointer: '/operationId',
          message:
            error.actual === undefined
              ? `no operation ${operationId} on stack set ${stackSetName}`
              : `operation ${operationId} is ${error.actual}: only a RUNNING operation can be stopped`,
        },
      ]);
    }
    throw error;
  }
}

/** Instances of a stack set by status, for summaries. */
export function countInstances(instances: readonly StackInstance[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of instances) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return counts;
}
