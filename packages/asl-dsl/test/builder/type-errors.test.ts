import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * One mistake, one error: each snippet below holds one common mistake, and the compiler must report
 * exactly one error whose text names the cause. The snippets are type-checked together in one program
 * against the package's sources, as a user's file would be.
 */
const header = `
import { $, cond, jsonata, resources, stateMachine } from '@stackset-lite/asl-dsl';
import { z } from 'zod';
const Input = z.object({ stackName: z.string(), accounts: z.array(z.object({ id: z.string() })) });
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const Deployed = z.object({ stackId: z.string(), status: z.enum(['STARTED', 'BUSY']) });
const Polled = z.object({ progress: z.enum(['IN_PROGRESS', 'DONE']), nextPollSeconds: z.number() });
void $; void cond; void jsonata; void resources; void Polled;
`;

const cases: Record<string, { code: string; says: string | RegExp }> = {
  'a JSONPath field in a JSONata machine': {
    code: `const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
m.task('A', { resource: LAMBDA, resultPath: '$.x', end: true });`,
    says: 'is not assignable to type \'"✗ a JSONPath-only field, but this state uses JSONata',
  },
  'a JSONata field in a JSONPath state': {
    code: `const m = stateMachine({ input: Input });
m.pass('A', { output: { a: 1 }, end: true });`,
    says: 'is not assignable to type \'"✗ a JSONata-only field, but this state uses JSONPath',
  },
  'after naming a state that does not lead here': {
    code: `const m = stateMachine({ input: Input });
const start = m.pass('Start', { next: 'Middle' });
m.pass('Middle', { next: 'Last' });
m.succeed('Last', { after: start });`,
    says: `Argument of type '"Last"' is not assignable to parameter of type '"✗ after: no transition of 'Start' leads to 'Last'`,
  },
  'a loop back into a state whose input it does not satisfy': {
    code: `const m = stateMachine({ input: Input });
const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy', end: true });
m.pass('Reshape', { parameters: { y: 2 }, next: deploy });`,
    // One of the missing fields is named (the compiler picks which).
    says: /✗ next: this state's output does not satisfy the input 'Deploy' declares: field '(stackName|accounts)' is missing/,
  },
  'a stateInput the flowing data does not satisfy': {
    code: `const m = stateMachine({ input: Input });
const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
m.succeed('Narrow', { after: deploy, stateInput: z.object({ region: z.string() }) });`,
    says: `✗ after: what 'Deploy' sends to 'Narrow' does not satisfy its stateInput: field 'region' is missing`,
  },
  'a misspelt field of the input': {
    code: `const m = stateMachine({ input: Input });
m.pass('A', { parameters: ({ input }) => ({ n: input.acounts }), end: true });`,
    says: "Property 'acounts' does not exist on type",
  },
  'a misspelt field of what the previous state sends': {
    code: `const m = stateMachine({ input: Input });
const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy' });
m.pass('Report', { after: deploy, parameters: ({ input }) => ({ id: input.deploy.stackid }), end: true });`,
    says: "Property 'stackid' does not exist on type",
  },
  // Issue 14, "Why": a state reached both from a task and from that task's Catch, where $.poll does not exist.
  'a read of what only the task adds, in a state its Catch reaches too': {
    code: `const m = stateMachine({ input: Input });
const poll = m.task('Poll', { resource: LAMBDA, outputSchema: Polled, resultPath: '$.poll',
  catch: [{ errors: ['States.ALL'], resultPath: '$.error', next: 'Next poll' }], next: 'Next poll' });
m.task('Next poll', { after: poll, resource: LAMBDA, inputSchema: z.object({ seconds: z.number() }),
  parameters: ({ input }) => ({ seconds: input.poll.nextPollSeconds }), end: true });`,
    // The chain ends with the cause: on the Catch edge there is no poll, so the value may be undefined.
    says: /Type 'PathRef<number \| undefined>' is not assignable to type 'PathRef<number>'[\s\S]*Type 'undefined' is not assignable to type 'number'/,
  },
  // Issue 14, "Why": a Catch that overwrites the input loses fields the fallback state reads.
  'a fallback reading the input a Catch replaced with the error output': {
    code: `const m = stateMachine({ input: Input });
const deploy = m.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, resultPath: '$.deploy',
  catch: [{ errors: ['States.ALL'], next: 'Report failure' }], end: true });
m.task('Report failure', { after: deploy, resource: LAMBDA, parameters: ({ input }) => ({ stack: input.stackName }), end: true });`,
    says: "Property 'stackName' does not exist on type",
  },
  // Issue 14, "Why": a Map's output was unknown[], so the processor's result shape never reached the next state.
  'a misspelt field of a Map result': {
    code: `const m = stateMachine({ input: Input });
const each = m.map('Each', {
  itemsPath: ({ input }) => input.accounts,
  processor: (account) => account.task('Deploy', { resource: LAMBDA, outputSchema: Deployed,
    parameters: ({ input }) => ({ id: input.id }), end: true }),
  resultPath: '$.results',
});
m.pass('Report', { after: each, parameters: ({ input }) => ({ first: input.results[0].stackid }), end: true });`,
    says: "Property 'stackid' does not exist on type",
  },
  'a misspelt field of a Parallel branch result': {
    code: `const m = stateMachine({ input: Input });
const both = m.parallel('Both', {
  branches: [(b) => b.task('Deploy', { resource: LAMBDA, outputSchema: Deployed, end: true })],
  resultPath: '$.both',
});
m.pass('Report', { after: both, parameters: ({ input }) => ({ id: input.both[0].stackid }), end: true });`,
    says: "Property 'stackid' does not exist on type",
  },
  // Issue 14, "Why": Map maxConcurrency took no callback over the state's input.
  'a Map maxConcurrency reference of the wrong type': {
    code: `const m = stateMachine({ input: Input });
m.map('Each', { itemsPath: ({ input }) => input.accounts, maxConcurrency: ({ input }) => input.stackName,
  processor: (account) => account.succeed('Done'), end: true });`,
    says: "Type 'string' is not assignable to type 'number'",
  },
  'an error name neither predefined nor declared': {
    code: `const m = stateMachine({ input: Input });
m.task('A', { resource: LAMBDA, errors: ['StackFailed'], catch: [{ errors: ['StackFaild'], next: 'A' }], end: true });`,
    says: `Type '"StackFaild"' is not assignable to type`,
  },
  'a reference of the wrong type where a number is needed': {
    code: `const m = stateMachine({ input: Input });
m.wait('W', { seconds: ({ input }) => input.stackName, end: true });`,
    // The one error's chain ends with the cause (the option also takes literals: no shorter elaboration).
    says: "Type 'string' is not assignable to type 'number'",
  },
  'a JSONata helper given a value of the wrong type': {
    code: `const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
m.pass('A', { output: ({ input }) => ({ n: $.count(input.stackName) }), end: true });`,
    says: /'PathRef<string>' is not assignable to parameter of type 'JsonataArg<readonly unknown\[\]>'[\s\S]*Type 'string' is not assignable to type 'readonly unknown\[\]'/,
  },
  'an unchecked jsonata<T> claim': {
    code: `const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
m.pass('A', { output: { n: jsonata<number>\`1 + 1\` }, end: true });`,
    says: 'Expected 0 type arguments, but got 1',
  },
  'an unclaimed JSONata expression where a typed input needs a number': {
    code: `const m = stateMachine({ input: Input, queryLanguage: 'JSONata' });
const report = m.pass('Report', { stateInput: z.object({ count: z.number() }), end: true });
m.pass('Count', { output: { count: jsonata\`$count($states.input.accounts)\` }, next: report });`,
    says: `✗ next: this state's output does not satisfy the input 'Report' declares: field 'count' has another type`,
  },
};

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const virtualDir = join(packageDir, 'test', 'builder', '__type_errors__');

function diagnose(): Map<string, readonly ts.Diagnostic[]> {
  const config = ts.readConfigFile(join(packageDir, '..', '..', 'tsconfig.base.json'), ts.sys.readFile);
  const options = ts.parseJsonConfigFileContent(config.config, ts.sys, packageDir).options;
  const files = new Map(
    Object.entries(cases).map(([name, { code }], index) => [
      join(virtualDir, `case${index}.ts`),
      { name, text: `${header}\n${code}\nexport {};\n` },
    ]),
  );
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (file, language, ...rest) => {
    const virtual = files.get(file);
    return virtual === undefined
      ? getSourceFile.call(host, file, language, ...rest)
      : ts.createSourceFile(file, virtual.text, language);
  };
  const fileExists = host.fileExists;
  host.fileExists = (file) => files.has(file) || fileExists.call(host, file);
  const program = ts.createProgram([...files.keys()], options, host);
  const byCase = new Map<string, readonly ts.Diagnostic[]>();
  for (const [file, { name }] of files) {
    const source = program.getSourceFile(file);
    byCase.set(name, source === undefined ? [] : program.getSemanticDiagnostics(source));
  }
  return byCase;
}

describe('one mistake, one error', () => {
  it('reports each common mistake as a single error that names the cause', () => {
    const diagnostics = diagnose();
    for (const [name, { says }] of Object.entries(cases)) {
      const found = (diagnostics.get(name) ?? []).map((d) =>
        ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      );
      // The messages are in the failure output when there is not exactly one.
      expect({ name, found }).toEqual({ name, found: [expect.any(String)] });
      if (typeof says === 'string') expect(found[0], name).toContain(says);
      else expect(found[0], name).toMatch(says);
    }
  }, 120_000);
});
