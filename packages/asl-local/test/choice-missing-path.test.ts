import type { StateMachineDefinition } from '@stackset-lite/asl-dsl/model';
import { startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

/*
 * A Choice rule that compares a path the input does not have fails the execution; a Default does not turn
 * it into a non-match, and only IsPresent may test a missing path.
 * Sources: AWS Step Functions developer guide, "Choice" (amazon-states-language-choice-state.html): "If the
 * state input doesn't contain the $.type field, the execution fails and an error is displayed in the
 * execution history." The error and cause are as executions on AWS report them in users' production
 * failures: `States.Runtime`, "An error occurred while executing the state 'IsDataset' (entered at the
 * event id #2). Invalid path '$.processing_type': The choice state's condition path references an invalid
 * value." (and "Invalid path '$.worker_result.Payload.status': The choice state's condition path references
 * an invalid value." from another account). moto takes the Default instead (a named difference in
 * differential.moto.test.ts).
 */

const machine = (rule: Record<string, unknown>): StateMachineDefinition => ({
  StartAt: 'IsDataset',
  States: {
    IsDataset: { Type: 'Choice', Choices: [{ ...rule, Next: 'Dataset' }], Default: 'Other' },
    Dataset: { Type: 'Succeed' },
    Other: { Type: 'Succeed' },
  },
});

describe('a Choice rule on a path the input does not have', () => {
  it('fails with States.Runtime and AWS’s cause, even with a Default', async () => {
    const r = await startExecution({
      definition: machine({ Variable: '$.processing_type', StringEquals: 'dataset' }),
      input: { is_reanalysis: true },
    });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toBe(
      "An error occurred while executing the state 'IsDataset' (entered at the event id #2). " +
        "Invalid path '$.processing_type': The choice state's condition path references an invalid value.",
    );
  });

  it('inside And/Not too: the rule that reads the missing path fails the execution', async () => {
    const r = await startExecution({
      definition: machine({
        And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.b', NumericEquals: 1 } }],
      }),
      input: { a: 1 },
    });
    expect(r.error).toBe('States.Runtime');
    expect(r.cause).toMatch(/Invalid path '\$\.b': The choice state's condition path references/);
  });

  it('IsPresent tests it without failing, so guarding the comparison takes the Default', async () => {
    const r = await startExecution({
      definition: machine({
        And: [
          { Variable: '$.processing_type', IsPresent: true },
          { Variable: '$.processing_type', StringEquals: 'dataset' },
        ],
      }),
      input: { is_reanalysis: true },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.history.at(-2)?.type).toBe('SucceedStateExited');
    expect(JSON.stringify(r.history)).toContain('"Other"');
  });
});
