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

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cond, resources, type StateMachineDefinition, stateMachine } from '@stackset-lite/asl-dsl';
import { App, Duration, Stack } from 'aws-cdk-lib';
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

/** aws-cdk-lib: declares the same graph as constructs in `stack`; returns its first state. */
function declareCdkGraph(stack: Stack): sfn.State {
  const fn = lambda.Function.fromFunctionArn(stack, 'Fn', FUNCTION_ARN);
  let first: sfn.State | undefined;
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
      interval: Duration.seconds(2),
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
  return first as sfn.State;
}

/**
 * aws-cdk-lib as its users get ASL: a `StateMachine` with `DefinitionBody.fromChainable`, synthesized
 * (`app.synth()`), the definition read from the template (partition tokens joined as `aws`).
 */
function buildCdk(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-cdk-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bench');
    new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(declareCdkGraph(stack)),
    });
    const template = app.synth().getStackArtifact('Bench').template as {
      Resources: Record<string, { Type: string; Properties: { DefinitionString: unknown } }>;
    };
    const machine = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    return definitionText(machine?.Properties.DefinitionString);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** aws-cdk-lib's leanest path: `StateGraph.toGraphJson()` in a Stack, tokens resolved, stringified. */
function buildCdkGraphJson(): string {
  const stack = new Stack(new App(), 'Bench');
  const graph = new sfn.StateGraph(declareCdkGraph(stack), 'bench');
  return JSON.stringify(stack.resolve(graph.toGraphJson()), null, 2);
}

/** The text of a synthesized DefinitionString: a string, or an Fn::Join of strings and partition Refs. */
function definitionText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (join === undefined) throw new Error('unexpected DefinitionString shape');
  return join[1].map((part) => (typeof part === 'string' ? part : 'aws')).join(join[0]);
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

/** `name:Type` of every state, nested ones included, sorted: the two sides must build the same graph. */
function stateSignature(definition: Pick<StateMachineDefinition, 'States'>): string[] {
  const out: string[] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    const next = 'Next' in state && state.Next !== undefined ? `>${state.Next}` : '';
    out.push(`${name}:${state.Type}${next}`);
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) out.push(...stateSignature(processor));
    }
  }
  return out.sort();
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Warm medians of wall time and of this process's CPU time (which other processes cannot inflate). */
function time(
  run: () => string,
  warmup: number,
  iterations: number,
): { ms: number; cpuMs: number; output: string } {
  let output = '';
  for (let i = 0; i < warmup; i++) output = run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const startCpu = process.cpuUsage();
    const start = performance.now();
    output = run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu), output };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const cold = performance.now();
buildCdk();
const cdkCold = performance.now() - cold;

const ours = time(buildOurs, 15, 41);
const cdk = time(buildCdk, 3, 9);
const cdkGraph = time(buildCdkGraphJson, 3, 9);

const ourStates = countStates(JSON.parse(ours.output) as StateMachineDefinition);
const cdkStates = countStates(JSON.parse(cdk.output) as StateMachineDefinition);
const cdkGraphStates = countStates(JSON.parse(cdkGraph.output) as StateMachineDefinition);
const sameGraph =
  JSON.stringify(stateSignature(JSON.parse(ours.output))) ===
  JSON.stringify(stateSignature(JSON.parse(cdk.output)));
if (!sameGraph) throw new Error('the DSL and aws-cdk-lib built different graphs');
if (ourStates !== 1000 || cdkStates !== 1000 || cdkGraphStates !== 1000) {
  throw new Error(
    `expected 1000 states everywhere, got ours=${ourStates} cdk=${cdkStates} graph=${cdkGraphStates}`,
  );
}
console.log(
  `ours: ${round(ours.ms)} ms warm median (${round(ours.cpuMs)} ms CPU, ${ours.output.length} bytes); ` +
    `aws-cdk-lib: ${round(cdk.ms)} ms warm median (${round(cdk.cpuMs)} ms CPU), ${round(cdkCold)} ms cold ` +
    `(${cdk.output.length} bytes); aws-cdk-lib StateGraph.toGraphJson only: ${round(cdkGraph.ms)} ms ` +
    `(${round(cdkGraph.cpuMs)} ms CPU); load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} CPUs`,
);
console.log(
  JSON.stringify({
    states: 1000,
    ours_ms: round(ours.ms),
    cdk_ms: round(cdk.ms),
    ratio_cdk: round(cdk.ms / ours.ms, 1),
  }),
);
