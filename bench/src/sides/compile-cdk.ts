/**
 * Benchmark side, run in its own process: aws-cdk-lib's Step Functions module builds the same
 * 1,000-state graph and produces its ASL the way CDK users get it (a `StateMachine` with
 * `DefinitionBody.fromChainable`, `app.synth()`, the definition read from the template). Also times
 * CDK's leanest path (`StateGraph.toGraphJson()`) and the first, cold build, for the record.
 * Prints `{"timing":…,"graphJson":…,"coldMs":N,"output":"<ASL JSON>"}` as its last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { warmMedian } from '../harness/warm-median.js';
import { BLOCKS, CDK_RUNS, FUNCTION_ARN } from './compile-shape.js';

/** Declares the graph as constructs in `stack`; returns its first state. */
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

/** The text of a synthesized DefinitionString: a string, or an Fn::Join of strings and partition Refs. */
function definitionText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (join === undefined) throw new Error('unexpected DefinitionString shape');
  return join[1].map((part) => (typeof part === 'string' ? part : 'aws')).join(join[0]);
}

/** CDK as its users get ASL: synthesized, read back from the template. */
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

/** CDK's leanest path: `StateGraph.toGraphJson()` in a Stack, tokens resolved, stringified. */
function buildCdkGraphJson(): string {
  const stack = new Stack(new App(), 'Bench');
  const graph = new sfn.StateGraph(declareCdkGraph(stack), 'bench');
  return JSON.stringify(stack.resolve(graph.toGraphJson()), null, 2);
}

const coldStart = performance.now();
const output = buildCdk();
const coldMs = performance.now() - coldStart;
const timing = warmMedian(buildCdk, CDK_RUNS.warmup, CDK_RUNS.samples);
const graphJson = warmMedian(buildCdkGraphJson, CDK_RUNS.warmup, CDK_RUNS.samples);
console.log(JSON.stringify({ timing, graphJson, coldMs, output }));
