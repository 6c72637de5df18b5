import { startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

/*
 * Payload shapes the validator accepts because AWS deploys them (issue 13, recorded): the engine must
 * run them, with the JSONPath parser it shares with the validator.
 */
describe('payload shapes AWS accepts', () => {
  it('takes any JSON as Parameters: an array becomes the effective input', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Parameters: ['a', { b: 1 }], ResultPath: '$.list', End: true } },
      },
      input: { keep: true },
    });
    expect(r.output).toEqual({ keep: true, list: ['a', { b: 1 }] });
  });

  it('reads keys with escaped quotes in bracket notation: $[\'a\\\'b\'] and $["a\\"b"]', async () => {
    const r = await startExecution({
      definition: {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Pass',
            Parameters: {
              'single.$': "$['it\\'s']",
              'double.$': '$["say \\"hi\\""]',
              'format.$': "States.Format('{}', $['it\\'s'])",
            },
            End: true,
          },
        },
      },
      input: { "it's": 1, 'say "hi"': 2 },
    });
    expect(r.output).toEqual({ single: 1, double: 2, format: '1' });
  });

  it('ignores spaces after a path, as Jayway does', async () => {
    const r = await startExecution({
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.a ', End: true } } },
      input: { a: { b: 1 } },
    });
    expect(r.output).toEqual({ b: 1 });
  });
});
