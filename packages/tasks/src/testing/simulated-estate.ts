import {
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  UpdateTerminationProtectionCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import type { AccountState } from '@aws-sdk/client-organizations';
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clock } from '../shared/clock.js';
import { SimulatedAwsError } from './aws-fault.js';
import { createEstateClients } from './estate-clients.js';
import { FaultPlan, type SimulatedService } from './fault-plan.js';
import { InMemoryS3 } from './in-memory-s3.js';
import { InMemorySns } from './in-memory-sns.js';
import { OPT_IN_REGIONS } from './opt-in-regions.js';
import {
  DEFAULT_LATENCIES,
  SimulatedCloudFormation,
  type StackLatencies,
} from './simulated-cloudformation.js';
import { SimulatedDrift } from './simulated-drift.js';
import { SimulatedOrganization } from './simulated-organization.js';
import { s3LocationOfTemplateUrl } from './template-url.js';
import { VirtualClock } from './virtual-clock.js';

/** Options for {@link SimulatedEstate}. */
export interface EstateOptions {
  /** The clock stacks progress on; pass the engine's virtual clock to drive both. @default a new VirtualClock */
  clock?: Clock;
  /** Seed of the random failure rate. @default 1 */
  seed?: number;
  /** Virtual durations of stack operations (ms). */
  latencies?: Partial<StackLatencies>;
  managementAccountId?: string;
  /** The organization's root id. @default "r-sim0" */
  rootId?: string;
  /** Accounts per ListAccounts / ListAccountsForParent page (AWS's maximum is 20). @default 20 */
  pageSize?: number;
  /** Empty pages (with a NextToken) inserted before each real page of ListAccounts, as AWS sometimes does. */
  emptyPagesBeforeEachPage?: number;
  /** External ID every role's trust policy requires (absent: none required). */
  externalId?: string;
}

/** One AWS call as the estate received it, for replaying through IAM (see {@link SimulatedEstate.recordCalls}). */
export interface RecordedAwsCall {
  readonly service: SimulatedService;
  /** The API operation, e.g. `CreateChangeSet`. */
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The region the client was configured for. */
  readonly region: string;
  /**
   * The role session the call was signed with (an AssumeRole the estate answered); absent for calls
   * made with the caller's own credentials (the orchestrator's Lambda role: STS, S3, SNS).
   */
  readonly session?: { readonly accountId: string; readonly roleArn: string };
  /** CloudFormation calls naming a stack: its tags when the call arrived (absent: no such stack). */
  readonly stackTags?: Readonly<Record<string, string>>;
}

/** Any SDK v3 client: what aws-sdk-client-mock hands the fake as `getClient()`. */
interface CallerClient {
  config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> };
}

/** A simulated operation: the command's input and the client it was sent with. */
// `never`: each route declares the input shape it reads (parameters are contravariant).
type RouteHandler = (input: never, getClient: () => unknown) => Promise<unknown>;

/** Who is calling: resolved from the access key that the estate's AssumeRole handed out. */
interface Caller {
  accountId: string;
  region: string;
  roleArn: string;
}

/**
 * A whole simulated AWS estate — an Organization, CloudFormation in every account and region, S3 and SNS —
 * behind the real SDK v3 clients via aws-sdk-client-mock. The real handlers run unchanged against it.
 *
 * ```ts
 * const estate = new SimulatedEstate().install();
 * estate.organization.addAccount();
 * const out = await createDeployStackHandler({ logger: createSilentLogger() })(event);
 * estate.clock.advance(60_000);
 * estate.uninstall();
 * ```
 *
 * The client classes are mocked process-wide, so only one estate can be installed at a time (vitest runs
 * each test file in its own worker). Credentials are keyed by access key id, so concurrent handler calls
 * into different accounts never mix.
 */
export class SimulatedEstate {
  readonly clock: Clock;
  readonly faults: FaultPlan;
  readonly organization: SimulatedOrganization;
  readonly cloudFormation: SimulatedCloudFormation;
  /** Out-of-band changes to stacks and CloudFormation's drift detection on them. */
  readonly drift: SimulatedDrift;
  readonly s3 = new InMemoryS3();
  readonly sns = new InMemorySns();
  /**
   * Lightweight `AwsClients` for handlers run against this estate at scale (see createEstateClients):
   * pass `{ clients: estate.clients }` to the handler factories.
   */
  readonly clients = createEstateClients();
  /** Calls per `Service:Operation`, for assertions and benchmarks. */
  readonly calls = new Map<string, number>();
  readonly #sessions = new Map<string, Caller>();
  /** Opt-in regions each account has enabled (the others are enabled for everyone). */
  readonly #enabledOptIn = new Map<string, Set<string>>();
  #recorded: RecordedAwsCall[] | undefined;
  readonly #options: EstateOptions;
  #stubs: { restore(): void }[] = [];
  #nextKey = 0;
  static #installed: SimulatedEstate | undefined;

  constructor(options: EstateOptions = {}) {
    this.#options = options;
    this.clock = options.clock ?? new VirtualClock();
    this.faults = new FaultPlan(options.seed ?? 1);
    this.organization = new SimulatedOrganization(options.managementAccountId, options.rootId);
    this.cloudFormation = new SimulatedCloudFormation(
      this.clock,
      this.faults,
      { ...DEFAULT_LATENCIES, ...options.latencies },
      (url) => {
        const location = s3LocationOfTemplateUrl(url);
        return location ? this.s3.get(location.bucket, location.key) : undefined;
      },
      options.seed ?? 1,
    );
    this.drift = new SimulatedDrift(this.clock, this.cloudFormation);
  }

  /** The clock as a VirtualClock (throws if the estate was given someone else's clock). */
  get virtualClock(): VirtualClock {
    if (!(this.clock instanceof VirtualClock)) throw new Error('this estate runs on an external clock');
    return this.clock;
  }

  /** Enables an opt-in region (e.g. af-south-1) in an account, as its administrator would. */
  enableRegion(accountId: string, region: string): this {
    if (!OPT_IN_REGIONS.has(region))
      throw new Error(`${region} is enabled for every account: not an opt-in region`);
    const enabled = this.#enabledOptIn.get(accountId) ?? new Set<string>();
    enabled.add(region);
    this.#enabledOptIn.set(accountId, enabled);
    return this;
  }

  /** Whether `accountId` may use `region` (every region but the opt-in ones it has not enabled). */
  isRegionEnabled(accountId: string, region: string): boolean {
    return !OPT_IN_REGIONS.has(region) || (this.#enabledOptIn.get(accountId)?.has(region) ?? false);
  }

  /** Adds `count` ACTIVE accounts under `parentId` (default root); returns their ids. */
  addAccounts(count: number, options: { parentId?: string; state?: AccountState } = {}): string[] {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(this.organization.addAccount(options).id);
    return ids;
  }

  /**
   * Starts recording every call that reaches the estate (who made it, its input, the stack's tags at
   * that moment) and returns the live list; calls already recorded are kept. Recording costs a
   * credentials lookup per call, so leave it off at scale.
   */
  recordCalls(): RecordedAwsCall[] {
    this.#recorded ??= [];
    return this.#recorded;
  }

  /** Stops recording; returns what was recorded. */
  stopRecording(): RecordedAwsCall[] {
    const recorded = this.#recorded ?? [];
    this.#recorded = undefined;
    return recorded;
  }

  /** Mocks the SDK clients so every call lands in this estate. */
  install(): this {
    if (SimulatedEstate.#installed) {
      throw new Error('another SimulatedEstate is installed; call uninstall() on it first');
    }
    SimulatedEstate.#installed = this;
    this.#installSts();
    this.#installOrganizations();
    this.#installCloudFormation();
    this.#installS3();
    this.#installSns();
    return this;
  }

  /** Restores the real SDK clients. */
  uninstall(): void {
    for (const stub of this.#stubs) stub.restore();
    this.#stubs = [];
    if (SimulatedEstate.#installed === this) SimulatedEstate.#installed = undefined;
  }

  /**
   * Mocks a client class with aws-sdk-client-mock and dispatches each command by its class in O(1).
   * (Registering one `.on(Command)` per operation makes sinon deep-compare every call against every
   * matcher, and its call history grows without bound: both too slow for 20,000 targets.)
   */
  #router(clientClass: Parameters<typeof mockClient>[0], service: SimulatedService) {
    const stub = mockClient(clientClass);
    this.#stubs.push(stub);
    const routes = new Map<unknown, RouteHandler>();
    let calls = 0;
    const estate = this;
    stub.send.callsFake(function (this: unknown, command: { constructor: { name: string }; input: unknown }) {
      if (++calls % 1_000 === 0) queueMicrotask(() => stub.send.resetHistory());
      const route = routes.get(command.constructor);
      if (!route) {
        return Promise.reject(
          new SimulatedAwsError(
            'InvalidAction',
            `the simulated estate does not implement ${command.constructor.name}`,
          ),
        );
      }
      const run = () => route(command.input as never, () => this);
      if (!estate.#recorded) return run();
      const operation = command.constructor.name.replace(/Command$/, '');
      return estate
        .#record(service, operation, command.input as Record<string, unknown>, this as CallerClient)
        .then(run);
    } as never);
    return {
      on: (command: unknown) => ({
        callsFake: (handler: RouteHandler) => {
          routes.set(command, handler);
        },
      }),
    };
  }

  /** Appends one call to the recording, resolving who made it before the call changes anything. */
  async #record(
    service: SimulatedService,
    operation: string,
    input: Record<string, unknown>,
    client: CallerClient,
  ): Promise<void> {
    const region = await client.config.region();
    // STS, S3 and SNS calls use the orchestrator's own credentials, which the estate does not issue
    // (and which may not resolve at all in a test process): only estate sessions are looked up.
    let session: Caller | undefined;
    if (service === 'organizations' || service === 'cloudformation') {
      const credentials = await client.config.credentials().catch(() => undefined);
      session = credentials ? this.#sessions.get(credentials.accessKeyId) : undefined;
    }
    let stackTags: Record<string, string> | undefined;
    if (service === 'cloudformation' && session && typeof input.StackName === 'string') {
      const name = input.StackName.replace(/^arn:[^:]+:cloudformation:[^:]*:\d*:stack\/([^/]+)\/.*$/, '$1');
      const stack = this.cloudFormation.stack(session.accountId, region, name);
      if (stack) stackTags = Object.fromEntries(stack.spec.tags.map((t) => [t.Key ?? '', t.Value ?? '']));
    }
    this.#recorded?.push({
      service,
      operation,
      input,
      region,
      ...(session && { session: { accountId: session.accountId, roleArn: session.roleArn } }),
      ...(stackTags && { stackTags }),
    });
  }

  /** Throws the error a fault plan's failCall injects for this orchestrator-side call (S3, SNS), if any. */
  #injectedFailure(service: SimulatedService, operation: string): void {
    const injected = this.faults.takeCallFailure(service, operation, {});
    if (injected) throw new SimulatedAwsError(injected.name, injected.message);
  }

  #count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  async #caller(client: CallerClient, service: SimulatedService, operation: string): Promise<Caller> {
    this.#count(`${service}:${operation}`);
    const [region, credentials] = await Promise.all([client.config.region(), client.config.credentials()]);
    const session = this.#sessions.get(credentials.accessKeyId);
    if (!session) {
      throw new SimulatedAwsError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid (credentials were not issued by the estate)',
      );
    }
    const caller = { ...session, region };
    if (this.faults.takeThrottle(service, operation, caller)) throw throttlingError(service);
    if (!this.faults.takeRateToken(service, operation, caller, this.clock.now()))
      throw throttlingError(service);
    const injected = this.faults.takeCallFailure(service, operation, caller);
    if (injected) throw new SimulatedAwsError(injected.name, injected.message);
    return caller;
  }

  #installSts(): void {
    const sts = this.#router(STSClient, 'sts');
    sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      this.#count('sts:GetCallerIdentity');
      const client = getClient() as unknown as CallerClient;
      const region = await client.config.region();
      const credentials = await client.config.credentials().catch(() => undefined);
      const session = credentials ? this.#sessions.get(credentials.accessKeyId) : undefined;
      // Calls without an estate session come from the orchestrator, the management account here.
      const accountId = session?.accountId ?? this.organization.managementAccountId;
      if (!this.isRegionEnabled(accountId, region)) throw invalidToken();
      const arn = session
        ? `arn:aws:sts::${accountId}:assumed-role/${session.roleArn.split('/').pop()}/stackset-lite`
        : `arn:aws:sts::${accountId}:assumed-role/stackset-lite-orchestrator/lambda`;
      return { Account: accountId, Arn: arn, UserId: `AROASIM:${accountId}` };
    });
    sts
      .on(AssumeRoleCommand)
      .callsFake(async (input: { RoleArn?: string; ExternalId?: string }, getClient) => {
        this.#count('sts:AssumeRole');
        const roleArn = input.RoleArn ?? '';
        const accountId = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1];
        const region = await (getClient() as unknown as CallerClient).config.region();
        if (this.faults.takeThrottle('sts', 'AssumeRole', { ...(accountId ? { accountId } : {}), region })) {
          throw throttlingError('sts');
        }
        // An opt-in region must be enabled in both accounts (IAM user guide, id_credentials_temp_enable-regions):
        // the caller's tokens are not valid in a region its account has not enabled; the role's account
        // answers RegionDisabledException (STS API reference, AssumeRole, Errors).
        if (!this.isRegionEnabled(this.organization.managementAccountId, region)) throw invalidToken();
        if (accountId && !this.isRegionEnabled(accountId, region)) {
          throw new SimulatedAwsError(
            'RegionDisabledException',
            `STS is not activated in the requested region for the account that is being asked to generate credentials. The account administrator must use the IAM console to activate STS in that region.`,
          );
        }
        const account = accountId ? this.organization.accounts.get(accountId) : undefined;
        const refused =
          account?.state !== 'ACTIVE' ||
          this.faults.isRoleDenied(account.id) ||
          (this.#options.externalId !== undefined && input.ExternalId !== this.#options.externalId);
        if (refused || !account) {
          throw new SimulatedAwsError(
            'AccessDenied',
            `User: arn:aws:sts::${this.organization.managementAccountId}:assumed-role/orchestrator/lambda is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
          );
        }
        const accessKeyId = `ASIASIM${String(this.#nextKey++).padStart(13, '0')}`;
        this.#sessions.set(accessKeyId, { accountId: account.id, region, roleArn });
        return {
          Credentials: {
            AccessKeyId: accessKeyId,
            SecretAccessKey: 'simulated-secret',
            SessionToken: 'simulated-session',
            Expiration: new Date(this.clock.now() + 3_600_000),
          },
          AssumedRoleUser: { AssumedRoleId: `AROASIM:${accessKeyId}`, Arn: roleArn },
        };
      });
  }

  #installOrganizations(): void {
    const org = this.#router(OrganizationsClient, 'organizations');
    const organization = this.organization;
    const pageSize = this.#options.pageSize ?? 20;
    const emptyPages = this.#options.emptyPagesBeforeEachPage ?? 0;
    const management = async (getClient: () => unknown, operation: string) => {
      const caller = await this.#caller(getClient() as CallerClient, 'organizations', operation);
      if (caller.accountId !== organization.managementAccountId) {
        throw new SimulatedAwsError(
          'AccessDeniedException',
          'You don’t have permissions to access this resource (call from the management account)',
        );
      }
    };
    org.on(DescribeOrganizationCommand).callsFake(async (_input, getClient) => {
      await management(getClient, 'DescribeOrganization');
      return {
        Organization: {
          Id: organization.id,
          MasterAccountId: organization.managementAccountId,
          FeatureSet: 'ALL',
        },
      };
    });
    org.on(DescribeAccountCommand).callsFake(async (input: { AccountId?: string }, getClient) => {
      await management(getClient, 'DescribeAccount');
      const account = organization.accounts.get(input.AccountId ?? '');
      if (!account) {
        throw new SimulatedAwsError('AccountNotFoundException', `account ${input.AccountId} was not found`);
      }
      return { Account: organization.describe(account) };
    });
    org.on(ListParentsCommand).callsFake(async (input: { ChildId?: string }, getClient) => {
      await management(getClient, 'ListParents');
      const parent = organization.parentOf(input.ChildId ?? '');
      if (!parent) {
        throw new SimulatedAwsError('ChildNotFoundException', `child ${input.ChildId} does not exist`);
      }
      return {
        Parents: [{ Id: parent, Type: parent === organization.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }],
      };
    });
    org.on(ListRootsCommand).callsFake(async (_input, getClient) => {
      await management(getClient, 'ListRoots');
      return { Roots: [{ Id: organization.rootId, Name: 'Root' }] };
    });
    org.on(ListAccountsCommand).callsFake(async (input: { NextToken?: string }, getClient) => {
      await management(getClient, 'ListAccounts');
      const all = [...organization.accounts.values()];
      return paged(
        all,
        input.NextToken,
        pageSize,
        emptyPages,
        (account) => organization.describe(account),
        'Accounts',
      );
    });
    org
      .on(ListAccountsForParentCommand)
      .callsFake(async (input: { ParentId?: string; NextToken?: string }, getClient) => {
        await management(getClient, 'ListAccountsForParent');
        const parentId = input.ParentId ?? '';
        if (!organization.units.has(parentId)) {
          throw new SimulatedAwsError('ParentNotFoundException', `parent ${parentId} does not exist`);
        }
        const ids = organization.accountsOf(parentId);
        return paged(
          ids,
          input.NextToken,
          pageSize,
          0,
          (id) => organization.describe(organization.accounts.get(id)!),
          'Accounts',
        );
      });
    org
      .on(ListChildrenCommand)
      .callsFake(async (input: { ParentId?: string; ChildType?: string; NextToken?: string }, getClient) => {
        await management(getClient, 'ListChildren');
        const parentId = input.ParentId ?? '';
        if (!organization.units.has(parentId)) {
          throw new SimulatedAwsError('ParentNotFoundException', `parent ${parentId} does not exist`);
        }
        const ids =
          input.ChildType === 'ACCOUNT' ? organization.accountsOf(parentId) : organization.unitsOf(parentId);
        return paged(
          ids,
          input.NextToken,
          pageSize,
          0,
          (id) => ({ Id: id, Type: input.ChildType }),
          'Children',
        );
      });
  }

  #installCloudFormation(): void {
    const cfn = this.#router(CloudFormationClient, 'cloudformation');
    const sim = this.cloudFormation;
    const caller = (getClient: () => unknown, operation: string) =>
      this.#caller(getClient() as CallerClient, 'cloudformation', operation);
    cfn.on(DescribeStacksCommand).callsFake(async (input: { StackName?: string }, getClient) => {
      const { accountId, region } = await caller(getClient, 'DescribeStacks');
      return { Stacks: sim.describeStacks(accountId, region, input.StackName) };
    });
    cfn
      .on(DescribeStackEventsCommand)
      .callsFake(async (input: { StackName?: string; NextToken?: string }, getClient) => {
        const { accountId, region } = await caller(getClient, 'DescribeStackEvents');
        const page = sim.describeStackEvents(accountId, region, input.StackName ?? '', input.NextToken);
        return { StackEvents: page.events, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
      });
    cfn.on(CreateChangeSetCommand).callsFake(async (input, getClient) => {
      const { accountId, region } = await caller(getClient, 'CreateChangeSet');
      return sim.createChangeSet(accountId, region, input);
    });
    // ValidateTemplate: the orchestrator's own call, with its own credentials (like S3 and SNS).
    cfn.on(ValidateTemplateCommand).callsFake(async (input: { TemplateURL?: string }) => {
      this.#count('cloudformation:ValidateTemplate');
      if (this.faults.takeThrottle('cloudformation', 'ValidateTemplate', {}))
        throw throttlingError('cloudformation');
      this.#injectedFailure('cloudformation', 'ValidateTemplate');
      const found = sim.validateTemplate(input.TemplateURL);
      return {
        Parameters: found.parameters,
        Capabilities: found.capabilities,
        ...(found.capabilitiesReason && { CapabilitiesReason: found.capabilitiesReason }),
        DeclaredTransforms: found.declaredTransforms,
      };
    });
    cfn.on(CreateStackCommand).callsFake(async (input, getClient) => {
      const { accountId, region } = await caller(getClient, 'CreateStack');
      return sim.createStack(accountId, region, input);
    });
    cfn.on(UpdateTerminationProtectionCommand).callsFake(async (input, getClient) => {
      const { accountId, region } = await caller(getClient, 'UpdateTerminationProtection');
      return sim.updateTerminationProtection(accountId, region, input);
    });
    cfn.on(ListChangeSetsCommand).callsFake(async (input: { StackName?: string }, getClient) => {
      const { accountId, region } = await caller(getClient, 'ListChangeSets');
      return { Summaries: sim.listChangeSets(accountId, region, input.StackName ?? '') };
    });
    cfn
      .on(DescribeChangeSetCommand)
      .callsFake(async (input: { StackName?: string; ChangeSetName?: string }, getClient) => {
        const { accountId, region } = await caller(getClient, 'DescribeChangeSet');
        return sim.describeChangeSet(accountId, region, input.StackName, input.ChangeSetName ?? '');
      });
    cfn
      .on(DeleteChangeSetCommand)
      .callsFake(async (input: { StackName?: string; ChangeSetName?: string }, getClient) => {
        const { accountId, region } = await caller(getClient, 'DeleteChangeSet');
        sim.deleteChangeSet(accountId, region, input.StackName, input.ChangeSetName ?? '');
        return {};
      });
    cfn
      .on(ExecuteChangeSetCommand)
      .callsFake(
        async (
          input: { StackName?: string; ChangeSetName?: string; ClientRequestToken?: string },
          getClient,
        ) => {
          const { accountId, region } = await caller(getClient, 'ExecuteChangeSet');
          sim.executeChangeSet(
            accountId,
            region,
            input.StackName,
            input.ChangeSetName ?? '',
            input.ClientRequestToken,
          );
          return {};
        },
      );
    cfn.on(DeleteStackCommand).callsFake(async (input, getClient) => {
      const { accountId, region } = await caller(getClient, 'DeleteStack');
      sim.deleteStack(accountId, region, input);
      return {};
    });
    cfn.on(DetectStackDriftCommand).callsFake(async (input: { StackName?: string }, getClient) => {
      const { accountId, region } = await caller(getClient, 'DetectStackDrift');
      return this.drift.detectStackDrift(accountId, region, input.StackName ?? '');
    });
    cfn
      .on(DescribeStackDriftDetectionStatusCommand)
      .callsFake(async (input: { StackDriftDetectionId?: string }, getClient) => {
        const { accountId, region } = await caller(getClient, 'DescribeStackDriftDetectionStatus');
        return this.drift.describeStackDriftDetectionStatus(
          accountId,
          region,
          input.StackDriftDetectionId ?? '',
        );
      });
    cfn.on(ContinueUpdateRollbackCommand).callsFake(async (input, getClient) => {
      const { accountId, region } = await caller(getClient, 'ContinueUpdateRollback');
      sim.continueUpdateRollback(accountId, region, input);
      return {};
    });
  }

  #installS3(): void {
    const s3 = this.#router(S3Client, 's3');
    s3.on(PutObjectCommand).callsFake(async (input: { Bucket?: string; Key?: string; Body?: unknown }) => {
      this.#count('s3:PutObject');
      if (this.faults.takeThrottle('s3', 'PutObject', {})) throw throttlingError('s3');
      this.#injectedFailure('s3', 'PutObject');
      const body =
        typeof input.Body === 'string'
          ? input.Body
          : input.Body instanceof Uint8Array
            ? Buffer.from(input.Body).toString('utf8')
            : String(input.Body);
      this.s3.put(input.Bucket ?? '', input.Key ?? '', body);
      return { ETag: `"${body.length.toString(16)}"` };
    });
    s3.on(GetObjectCommand).callsFake(async (input: { Bucket?: string; Key?: string }) => {
      this.#count('s3:GetObject');
      this.#injectedFailure('s3', 'GetObject');
      const body = this.s3.get(input.Bucket ?? '', input.Key ?? '');
      if (body === undefined) throw new SimulatedAwsError('NoSuchKey', 'The specified key does not exist.');
      return { Body: { transformToString: async () => body } };
    });
  }

  #installSns(): void {
    const sns = this.#router(SNSClient, 'sns');
    sns
      .on(PublishCommand)
      .callsFake(async (input: { TopicArn?: string; Subject?: string; Message?: string }) => {
        this.#count('sns:Publish');
        if (this.faults.takeThrottle('sns', 'Publish', {})) throw throttlingError('sns');
        this.#injectedFailure('sns', 'Publish');
        const message = input.Message ?? '';
        // SNS's own limits, so a notify that would be refused in AWS is refused here too.
        if (Buffer.byteLength(message, 'utf8') > 262_144) {
          throw new SimulatedAwsError('InvalidParameter', 'Invalid parameter: Message too long');
        }
        if (input.Subject !== undefined && (input.Subject.length >= 100 || /[\r\n]/.test(input.Subject))) {
          throw new SimulatedAwsError('InvalidParameter', 'Invalid parameter: Subject');
        }
        const messageId = `sim-${this.sns.messages.length}`;
        this.sns.messages.push({
          topicArn: input.TopicArn ?? '',
          ...(input.Subject !== undefined ? { subject: input.Subject } : {}),
          message,
          messageId,
        });
        return { MessageId: messageId };
      });
  }
}

/** What AWS answers credentials of an account that has not enabled the region called (STS, most services). */
function invalidToken(): SimulatedAwsError {
  return new SimulatedAwsError(
    'InvalidClientTokenId',
    'The security token included in the request is invalid.',
  );
}

function throttlingError(service: SimulatedService): SimulatedAwsError {
  switch (service) {
    case 'organizations':
      return new SimulatedAwsError(
        'TooManyRequestsException',
        'AWS Organizations can’t complete your request because another request is already in progress. Rate exceeded',
      );
    case 'cloudformation':
    case 'sts':
      return new SimulatedAwsError('Throttling', 'Rate exceeded');
    case 's3':
      return new SimulatedAwsError('SlowDown', 'Please reduce your request rate.');
    case 'sns':
      return new SimulatedAwsError('Throttling', 'Rate exceeded');
  }
}

function paged<T, R>(
  items: readonly T[],
  nextToken: string | undefined,
  pageSize: number,
  emptyPages: number,
  map: (item: T) => R,
  field: string,
): Record<string, unknown> {
  // Token "<offset>:<empty pages still to serve before the page at offset>".
  const [offsetText, emptyText] = (nextToken ?? `0:${emptyPages}`).split(':');
  const offset = Number(offsetText);
  const emptyLeft = Number(emptyText ?? 0);
  if (emptyLeft > 0) return { [field]: [], NextToken: `${offset}:${emptyLeft - 1}` };
  const page = items.slice(offset, offset + pageSize).map(map);
  const next = offset + pageSize;
  return next < items.length ? { [field]: page, NextToken: `${next}:${emptyPages}` } : { [field]: page };
}
