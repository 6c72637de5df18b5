/**
 * Builds and serializes the same 1,000-state machine with our DSL and with aws-cdk-lib's Step
 * Functions module, in one run, and prints warm medians. Last stdout line:
 * {"states":1000,"ours_ms":N,"cdk_ms":N,"ratio_cdk":N}   (ratio_cdk = cdk_ms / ours_ms)
 *
 * The graph is 200 blocks of five states: Pass → Choice → Task (Lambda invoke with Retry and Catch)
 * → inline Map (whose item processor holds one Pass) → the next block. Each side's timing covers
 * everything a user pays for to get the JSON text: declaring the states, rendering the graph and
 * serializing it (for CDK: constructs in a Stack, `StateGraph.toGraphJson()`, token resolution and
 * `JSON.stringify`).
 */
import { cond, resources, type StateMachineDefinition, stateMachine } from '@stackset-lite/asl-dsl';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

const BLOCKS = 200;
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:deploy';

/** Our DSL: the 1,000-state machine, built and serialized. */
function buildOurs(): string {
  const m = stateMachine({ comment: 'bench' });
  for (let i = 0; i < BLOCKS; i++) {
    const last = i === BLOCKS - 1;
    m.pass(`Prepare ${i}`, {
      parameters: { block: i, 'items.$': '$.items', 'n.$': '$.n' },
      next: `Route ${i}`,
    });
    m.choice(`Route ${i}`, {
      choices: [{ when: cond.numericGreaterThan('$.n', i), next: `Call ${i}` }],
      default: `Each ${i}`,
    });
    m.task(`Call ${i}`, {
      resource: resources.lambdaInvoke(),
      parameters: { FunctionName: FUNCTION_ARN, 'Payload.$': '$' },
      resultPath: '$.result',
      errors: ['Lambda.TooManyRequestsException'],
      retry: [
        { errors: ['Lambda.TooManyRequestsException'], intervalSeconds: 2, maxAttempts: 3, backoffRate: 2 },
      ],
      catch: [{ errors: ['States.ALL'], next: `Each ${i}`, resultPath: '$.error' }],
      next: `Each ${i}`,
    });
    m.map(`Each ${i}`, {
      itemsPath: '$.items',
      maxConcurrency: 5,
      processor: (items) => {
        items.pass(`Item ${i}`, { end: true });
      },
      resultPath: '$.mapped',
      ...(last ? { end: true as const } : { next: `Prepare ${i + 1}` }),
    });
  }
  return m.toAsl();
}

/** aws-cdk-lib: the same graph as constructs, rendered to JSON text. */
function buildCdk(): string {
  const app = new App();
  const stack = new Stack(app, 'Bench');
  const fn = lambda.Function.fromFunctionArn(stack, 'Fn', FUNCTION_ARN);
  let first: sfn.IChainable | undefined;
  let previous: sfn.Map | undefined;
  for (let i = 0; i < BLOCKS; i++) {
    const prepare = new sfn.Pass(stack, `Prepare ${i}`, {
      parameters: { block: i, items: sfn.JsonPath.listAt('$.items'), n: sfn.JsonPath.numberAt('$.n') },
    });
    const each = new sfn.Map(stack, `Each ${i}`, {
      itemsPath: '$.items',
      maxConcurrency: 5,
      resultPath: '$.mapped',
    });
    each.itemProcessor(new sfn.Pass(stack, `Item ${i}`));
    const call = new tasks.LambdaInvoke(stack, `Call ${i}`, {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      resultPath: '$.result',
      retryOnServiceExceptions: false,
    });
    call.addRetry({
      errors: ['Lambda.TooManyRequestsException'],
      interval: undefined,
      maxAttempts: 3,
      backoffRate: 2,
    });
    call.addCatch(each, { errors: ['States.ALL'], resultPath: '$.error' });
    call.next(each);
    const route = new sfn.Choice(stack, `Route ${i}`)
      .when(sfn.Condition.numberGreaterThan('$.n', i), call)
      .otherwise(each);
    prepare.next(route);
    if (previous === undefined) first = prepare;
    else previous.next(prepare);
    previous = each;
  }
  const graph = new sfn.StateGraph((first as sfn.State).startState, 'bench');
  return JSON.stringify(stack.resolve(graph.toGraphJson()), null, 2);
}

/** Counts states recursively (Parallel branches, Map item processors). */
function countStates(definition: Pick<StateMachineDefinition, 'States'>): number {
  let count = 0;
  for (const state of Object.values(definition.States)) {
    count += 1;
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) count += countStates(processor);
    }
    if (state.Type === 'Parallel') for (const branch of state.Branches) count += countStates(branch);
  }
  return count;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function time(run: () => string, warmup: number, iterations: number): { ms: number; output: string } {
  let output = '';
  for (let i = 0; i < warmup; i++) output = run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    output = run();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), output };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const cold = performance.now();
buildCdk();
const cdkCold = performance.now() - cold;

const ours = time(buildOurs, 15, 41);
const cdk = time(buildCdk, 3, 9);

const ourStates = countStates(JSON.parse(ours.output) as StateMachineDefinition);
const cdkStates = countStates(JSON.parse(cdk.output) as StateMachineDefinition);
if (ourStates !== 1000 || cdkStates !== 1000) {
  throw new Error(`expected 1000 states on both sides, got ours=${ourStates} cdk=${cdkStates}`);
}
console.log(
  `ours: ${round(ours.ms)} ms warm median (${ours.output.length} bytes); ` +
    `aws-cdk-lib: ${round(cdk.ms)} ms warm median, ${round(cdkCold)} ms cold (${cdk.output.length} bytes)`,
);
console.log(
  JSON.stringify({
    states: 1000,
    ours_ms: round(ours.ms),
    cdk_ms: round(cdk.ms),
    ratio_cdk: round(cdk.ms / ours.ms, 1),
  }),
);
