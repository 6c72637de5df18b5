/**
 * How long a realistic machine is to write with our DSL against AWS CDK (issue 14: restating types
 * made ours longer). The same poll loop — start a deployment, wait, poll until it settles, count the
 * polls, notify by SNS either way — is examples/machines/poll-stack-deployment.ts (ours, with its zod
 * schemas) and bench/src/sides/poll-loop-cdk.ts (aws-cdk-lib). Both are built first and must give the
 * same ASL, state for state; then their lines of code are counted (lines holding a token: no blank or
 * comment-only lines; both files as the repository's biome config formats them, which `pnpm -s lint`
 * enforces). Also counts the StackSets-lite machine before its issue-14 rewrite and now.
 * Last stdout line: {"ours_lines":N,"cdk_lines":N,"ratio_cdk":N,"same_asl":true,...}
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import ours from '../../examples/machines/poll-stack-deployment.js';
import { codeLines, rawLines } from './harness/code-lines.js';
import { PollStackDeploymentStack } from './sides/poll-loop-cdk.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const OURS_FILE = 'examples/machines/poll-stack-deployment.ts';
const CDK_FILE = 'bench/src/sides/poll-loop-cdk.ts';
const ARNS = {
  DeployFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:deploy',
  PollFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:poll',
  TopicArn: 'arn:aws:sns:us-east-1:123456789012:deployments',
};
/** The StackSets-lite machine before issue 14 (the rewrite's parent) and its files then and now. */
const FLAGSHIP_BEFORE = { commit: 'b3fb443^', files: ['stackset-machine.ts', 'machine-data.ts'] };
const FLAGSHIP_NOW = ['stackset-machine.ts', 'task-results.ts'];
const MACHINE_DIR = 'packages/stackset-workflow/src/machine';

/** Our definition with the ARNs in place of its `${Name}` placeholders. */
function oursAsl(): unknown {
  const text = ours.toAsl().replace(/\$\{(\w+)\}/g, (whole, key: string) => {
    const arn = ARNS[key as keyof typeof ARNS];
    if (arn === undefined) throw new Error(`no ARN for ${whole}`);
    return arn;
  });
  return JSON.parse(text);
}

/** CDK's definition, synthesized as CDK users deploy it and read back from the template. */
function cdkAsl(): unknown {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-length-'));
  try {
    const app = new App({ outdir });
    new PollStackDeploymentStack(app, 'PollLoop', {
      deployFunctionArn: ARNS.DeployFunctionArn,
      pollFunctionArn: ARNS.PollFunctionArn,
      topicArn: ARNS.TopicArn,
    });
    const template = app.synth().getStackArtifact('PollLoop').template as {
      Resources: Record<string, { Type: string; Properties: { DefinitionString: unknown } }>;
    };
    const machine = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::StepFunctions::StateMachine',
    );
    return JSON.parse(definitionText(machine?.Properties.DefinitionString));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The text of a synthesized DefinitionString: a string, or an Fn::Join of strings and partition Refs. */
function definitionText(value: unknown): string {
  if (typeof value === 'string') return value;
  const parts = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (parts === undefined) throw new Error('unexpected DefinitionString shape');
  return parts[1].map((part) => (typeof part === 'string' ? part : 'aws')).join(parts[0]);
}

/** Sorted-key JSON, so key order does not count as a difference. */
function comparable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v === null || typeof v !== 'object' || Array.isArray(v)
      ? v
      : Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

function sameAsl(): boolean {
  const a = oursAsl() as { States: Record<string, unknown> };
  const b = cdkAsl() as { States: Record<string, unknown> };
  const names = [...new Set([...Object.keys(a.States), ...Object.keys(b.States)])].sort();
  const differing = names.filter((name) => comparable(a.States[name]) !== comparable(b.States[name]));
  const { States: _a, ...restA } = a;
  const { States: _b, ...restB } = b;
  if (comparable(restA) !== comparable(restB)) differing.push('(machine fields)');
  for (const name of differing) {
    console.log(
      `differs: ${name}\n  ours ${comparable(a.States[name])}\n  cdk  ${comparable(b.States[name])}`,
    );
  }
  return differing.length === 0;
}

const read = (file: string) => readFileSync(join(root, file), 'utf8');
const show = (commit: string, file: string) =>
  execFileSync('git', ['-C', root, 'show', `${commit}:${file}`], { encoding: 'utf8' });
const count = (texts: string[]) => ({
  code: texts.reduce((n, t) => n + codeLines(t), 0),
  raw: texts.reduce((n, t) => n + rawLines(t), 0),
});

const same = sameAsl();
const oursCount = count([read(OURS_FILE)]);
const cdkCount = count([read(CDK_FILE)]);
const before = count(FLAGSHIP_BEFORE.files.map((f) => show(FLAGSHIP_BEFORE.commit, `${MACHINE_DIR}/${f}`)));
const now = count(FLAGSHIP_NOW.map((f) => read(`${MACHINE_DIR}/${f}`)));
console.log(`${OURS_FILE}: ${oursCount.code} lines of code (${oursCount.raw} in all), zod schemas included`);
console.log(`${CDK_FILE}: ${cdkCount.code} lines of code (${cdkCount.raw} in all)`);
console.log(
  `StackSets-lite machine: ${before.code} lines of code (${before.raw} in all) before issue 14, ${now.code} (${now.raw}) now`,
);
if (!same) {
  console.log('the two poll-loop machines do not build the same ASL: the comparison is void');
  process.exitCode = 1;
}
console.log(
  JSON.stringify({
    ours_lines: oursCount.code,
    cdk_lines: cdkCount.code,
    ratio_cdk: Math.round((cdkCount.code / oursCount.code) * 100) / 100,
    ours_raw_lines: oursCount.raw,
    cdk_raw_lines: cdkCount.raw,
    same_asl: same,
    flagship_before_lines: before.code,
    flagship_before_raw_lines: before.raw,
    flagship_now_lines: now.code,
    flagship_now_raw_lines: now.raw,
  }),
);
