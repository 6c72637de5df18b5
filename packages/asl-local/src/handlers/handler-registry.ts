import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import { StatesError } from '../errors/states-error.js';
import { isLambdaInvocation } from '../lambda/lambda-account.js';
import { servesLambdaInvoke } from './handler-for.js';
import type {
  LambdaFunctionSettings,
  TaskHandler,
  TaskHandlerContext,
  TaskHandlerFunction,
  TaskHandlers,
  TypedTaskHandler,
} from './task-handler.js';

/** How a Task's resource is invoked and recorded in the history. */
export interface ResolvedResource {
  /** The history family: LambdaFunction* (legacy Lambda ARN), Activity*, or Task*. */
  family: 'lambda' | 'activity' | 'task';
  /** taskScheduledEventDetails.resourceType, e.g. `lambda`, `aws-sdk:s3`. */
  resourceType: string;
  /** taskScheduledEventDetails.resource, e.g. `invoke.waitForTaskToken`. */
  resource: string;
  /** `.waitForTaskToken`: the task ends when a token callback arrives. */
  waitForTaskToken: boolean;
  /** `.sync`: run-a-job integrations (treated as request-response: the handler returns the job result). */
  sync: boolean;
  /** A Lambda invocation (function ARN or `lambda:invoke`): function settings and concurrency apply. */
  lambda: boolean;
}

const SERVICE = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:(.+)$/;

const resolved = new Map<string, ResolvedResource>();

/** Classifies a Task Resource the way Step Functions does for its history events (cached). */
export function resolveResource(resource: string): ResolvedResource {
  let r = resolved.get(resource);
  if (!r) {
    r = classify(resource);
    resolved.set(resource, r);
  }
  return r;
}

function classify(resource: string): ResolvedResource {
  return { ...classifyFamily(resource), lambda: isLambdaInvocation(resource) };
}

function classifyFamily(resource: string): Omit<ResolvedResource, 'lambda'> {
  if (/^arn:aws[a-z-]*:lambda:/.test(resource)) {
    return { family: 'lambda', resourceType: 'lambda', resource, waitForTaskToken: false, sync: false };
  }
  if (/^arn:aws[a-z-]*:states:[^:]*:[^:]*:activity:/.test(resource)) {
    return { family: 'activity', resourceType: 'activity', resource, waitForTaskToken: false, sync: false };
  }
  const m = SERVICE.exec(resource);
  if (m) {
    const rest = m[1] as string;
    const waitForTaskToken = rest.endsWith('.waitForTaskToken');
    const sync = /\.sync(:2)?$/.test(rest);
    const parts = rest.split(':');
    const action = parts.pop() as string;
    return { family: 'task', resourceType: parts.join(':'), resource: action, waitForTaskToken, sync };
  }
  return { family: 'task', resourceType: 'unknown', resource, waitForTaskToken: false, sync: false };
}

/** A handler chosen for a Task and how to shape its input and output. */
export interface MatchedHandler {
  call: TaskHandlerFunction;
  /** `lambda:invoke` served by a function-level handler: pass Payload in, wrap the result AWS-style. */
  lambdaInvokeEnvelope: boolean;
  /** The Lambda function settings registered with the handler. */
  settings: LambdaFunctionSettings;
}

/** A registered handler as a plain function plus its Lambda settings. */
interface Registered {
  call: TaskHandlerFunction;
  settings: LambdaFunctionSettings;
  /** handlerFor of a lambda:invoke task: always served as the Lambda function (see servesLambdaInvoke). */
  lambdaFunction: boolean;
}

/** Thrown when a handler is registered with invalid settings. */
export class InvalidHandlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidHandlerError';
  }
}

function globToRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${esc}$`);
}

/** Flattens a registered handler (settings may wrap a typed handler) into a function and settings. */
function register(h: TaskHandler, key: string): Registered {
  if (typeof h === 'function') return { call: h, settings: {}, lambdaFunction: servesLambdaInvoke(h) };
  if (h === null || typeof h !== 'object' || !('handler' in h))
    throw new InvalidHandlerError(`The handler '${key}' is neither a function nor a handler descriptor`);
  const t = h.timeoutSeconds;
  if (t !== undefined && !(Number.isInteger(t) && t >= 1 && t <= 900))
    throw new InvalidHandlerError(
      `The handler '${key}' has timeoutSeconds ${JSON.stringify(t)}: a Lambda function timeout is an integer from 1 to 900`,
    );
  const settings: LambdaFunctionSettings = t === undefined ? {} : { timeoutSeconds: t };
  if ('input' in h && 'output' in h) return { call: typedFunction(h, key), settings, lambdaFunction: false };
  const inner = register(h.handler as TaskHandler, key);
  // The outer settings win over the wrapped handler's own.
  return { ...inner, settings: { ...inner.settings, ...settings } };
}

function typedFunction(h: TypedTaskHandler, key: string): TaskHandlerFunction {
  return async (input: JsonValue, ctx: TaskHandlerContext) => {
    const parsedIn = h.input.safeParse(input);
    if (!parsedIn.success) {
      const issue = parsedIn.error.issues[0];
      const where = issue ? `/${issue.path.join('/')}` : '';
      throw new StatesError(
        'States.TaskFailed',
        `Task input for handler '${key}' in state '${ctx.stateName}' does not match its schema at '${where}': ${issue?.message ?? 'invalid'}`,
      );
    }
    const out = await h.handler(parsedIn.data, ctx);
    const parsedOut = h.output.safeParse(out);
    if (!parsedOut.success) {
      const issue = parsedOut.error.issues[0];
      const where = issue ? `/${issue.path.join('/')}` : '';
      throw new StatesError(
        'States.TaskFailed',
        `Task output of handler '${key}' in state '${ctx.stateName}' does not match its schema at '${where}': ${issue?.message ?? 'invalid'}`,
      );
    }
    return parsedOut.data as JsonValue;
  };
}

/** Finds the handler of a Task by ARN, by name, by `${Placeholder}` or by glob pattern. */
export class HandlerRegistry {
  private readonly exact = new Map<string, Registered>();
  private readonly patterns: [RegExp, Registered][] = [];

  constructor(handlers: TaskHandlers) {
    for (const [key, h] of Object.entries(handlers)) {
      const r = register(h, key);
      this.exact.set(key, r);
      if (key.includes('*')) this.patterns.push([globToRegExp(key), r]);
    }
  }

  private readonly cache = new Map<string, Map<string, MatchedHandler>>();

  /** The handler for a Task, or a States.Runtime error naming the state and resource. */
  match(stateName: string, resource: string, parameters: JsonValue): MatchedHandler {
    // The last match first: a Map's iterations call the same task over and over.
    if (resource === this.lastResource && stateName === this.lastStateName && this.lastMatch)
      return this.lastMatch;
    // Only lambda:invoke depends on the parameters (FunctionName); other resources are cached.
    if (resource.includes(':lambda:invoke')) return this.matchUncached(stateName, resource, parameters);
    // Two levels (resource, then state name): no key string is built per call.
    let byState = this.cache.get(resource);
    if (!byState) {
      byState = new Map();
      this.cache.set(resource, byState);
    }
    let m = byState.get(stateName);
    if (!m) {
      m = this.matchUncached(stateName, resource, parameters);
      byState.set(stateName, m);
    }
    this.lastResource = resource;
    this.lastStateName = stateName;
    this.lastMatch = m;
    return m;
  }

  private lastResource: string | undefined = undefined;
  private lastStateName: string | undefined = undefined;
  private lastMatch: MatchedHandler | undefined = undefined;

  private matchUncached(stateName: string, resource: string, parameters: JsonValue): MatchedHandler {
    const tried: string[] = [];
    const lambdaInvoke = /:states:::lambda:invoke(\.waitForTaskToken)?$/.test(resource);
    // A handler made for a lambda:invoke task is the Lambda function under any key.
    const hit = (r: Registered) => matched(r, lambdaInvoke && r.lambdaFunction);
    const look = (key: string | undefined): Registered | undefined => {
      if (!key) return undefined;
      if (!tried.includes(key)) tried.push(key);
      return this.exact.get(key);
    };
    const direct = look(resource);
    if (direct) return hit(direct);
    const bare = resource.replace(/\.(waitForTaskToken|sync(:2)?)$/, '');
    if (bare !== resource) {
      const h = look(bare);
      if (h) return hit(h);
    }
    // lambda:invoke: a handler registered for the function (ARN or name) serves as the Lambda itself.
    if (lambdaInvoke && isObject(parameters)) {
      const fn = parameters.FunctionName;
      if (typeof fn === 'string') {
        const h = look(fn) ?? look(lambdaName(fn));
        if (h) return matched(h, true);
      }
    }
    const name = nameOf(bare);
    const byName = look(name);
    if (byName) return hit(byName);
    const placeholder = /^\$\{([^}]+)\}$/.exec(resource);
    if (placeholder) {
      const h = look(placeholder[1]);
      if (h) return hit(h);
    }
    for (const [re, r] of this.patterns) if (re.test(resource)) return hit(r);
    // Last resort: the Task state's own name (what aws-local-stepfunctions keys its overrides by).
    const byState = look(stateName);
    if (byState) return hit(byState);
    throw new StatesError(
      'States.Runtime',
      `No task handler for resource '${resource}' in state '${stateName}' (looked up: ${tried.map((t) => `'${t}'`).join(', ')}; patterns with '*' and the state name are also tried). Register a handler (or a CLI mock) under one of these keys`,
    );
  }
}

function matched(r: Registered, lambdaInvokeEnvelope: boolean): MatchedHandler {
  return { call: r.call, lambdaInvokeEnvelope, settings: r.settings };
}

function isObject(v: JsonValue): v is Record<string, JsonValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The function name in a Lambda ARN (`...:function:name[:alias]`) or the name itself. */
export function lambdaName(fn: string): string {
  const m = /:function:([^:]+)/.exec(fn);
  return m ? (m[1] as string) : fn;
}

/** A short name of a resource: the Lambda function, the activity, or the service action. */
export function nameOf(resource: string): string {
  const fn = /:function:([^:]+)/.exec(resource);
  if (fn) return fn[1] as string;
  const act = /:activity:([^:]+)$/.exec(resource);
  if (act) return act[1] as string;
  const svc = /^arn:aws[a-z-]*:states:::(.+)$/.exec(resource);
  if (svc) return svc[1] as string;
  return resource;
}
