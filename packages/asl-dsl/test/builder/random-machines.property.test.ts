import { cond, jsonata, PredefinedErrors, resources, stateMachine, validate } from '@stackset-lite/asl-dsl';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Input = z.object({ n: z.number(), items: z.array(z.object({ id: z.string() })), flag: z.boolean() });
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:step';

type Kind = 'pass' | 'wait' | 'task' | 'choice' | 'map';
const plan = fc.record({
  language: fc.constantFrom('JSONPath' as const, 'JSONata' as const),
  states: fc.array(
    fc.record({
      kind: fc.constantFrom<Kind>('pass', 'wait', 'task', 'choice', 'map'),
      jump: fc.nat({ max: 20 }),
      catches: fc.boolean(),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  fails: fc.boolean(),
});

/** Builds a random machine whose every state is reachable (each state leads to the next). */
type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

function build({ language, states, fails }: Plan) {
  const m = stateMachine({ input: Input, queryLanguage: language, variables: { count: z.number() } });
  const name = (index: number) => `S${index}`;
  const jsonataLanguage = language === 'JSONata';
  states.forEach(({ kind, jump, catches }, index) => {
    const next = name(index + 1);
    const other = name(jump % (states.length + 1));
    const catcher = catches ? [{ errors: [PredefinedErrors.ALL], next: other }] : undefined;
    switch (kind) {
      case 'pass':
        if (jsonataLanguage)
          // The output keeps the whole input: later states read its other fields.
          m.pass(name(index), { output: ({ input }) => input, assign: { count: index }, next });
        else m.pass(name(index), { parameters: ({ input }) => ({ n: input.n }), resultPath: '$.p', next });
        break;
      case 'wait':
        m.wait(name(index), {
          seconds: jsonataLanguage ? jsonata.number`1 + ${index}` : m.ref((i) => i.n),
          next,
        });
        break;
      case 'task':
        if (jsonataLanguage) {
          m.task(name(index), {
            resource: resources.lambdaInvoke(),
            arguments: { FunctionName: LAMBDA },
            // The Catch keeps the input (JSONPath's resultPath: '$.error'): later states read it.
            catch: catcher?.map((c) => ({ ...c, output: '{% $states.input %}' })),
            next,
          });
        } else {
          m.task(name(index), {
            resource: LAMBDA,
            retry: [{ errors: [PredefinedErrors.TaskFailed], maxAttempts: 2 }],
            catch: catcher?.map((c) => ({ ...c, resultPath: '$.error' as const })),
            resultPath: null,
            next,
          });
        }
        break;
      case 'choice':
        m.choice(name(index), {
          choices: ({ input, vars }) => [
            {
              when: cond.and(cond.booleanEquals(input.flag, true), cond.numericLessThan(input.n, vars.count)),
              next: other,
            },
          ],
          default: next,
        });
        break;
      case 'map':
        if (jsonataLanguage) {
          m.map(name(index), {
            items: ({ input }) => input.items,
            processor: (items) => items.pass(`${name(index)} item`, { end: true }),
            // Keeps the input (like the JSONPath Map's resultPath: null): later states read it.
            output: ({ input }) => input,
            next,
          });
        } else {
          m.map(name(index), {
            itemsPath: ({ input }) => input.items,
            resultPath: null,
            processor: (items) => items.pass(`${name(index)} item`, { end: true }),
            next,
          });
        }
        break;
    }
  });
  if (fails) m.fail(name(states.length), { error: 'Stopped' });
  else m.succeed(name(states.length));
  return m;
}

describe('random builder machines (property-based)', () => {
  it('always pass the validator and serialize to the model they came from', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const m = build(p);
        const model = m.toModel();
        // Random Choice rules may read $count on a path where no state assigned it yet: that is the
        // random program's data flow, not the builder's output shape, so that one check is left out.
        const errors = validate(model).filter(
          (d) => d.severity === 'ERROR' && d.code !== 'VARIABLE_READ_BEFORE_ASSIGN',
        );
        expect(errors).toEqual([]);
        expect(JSON.parse(m.toAsl())).toEqual(model);
        expect(m.toAsl()).toBe(build(p).toAsl());
      }),
      { numRuns: 150 },
    );
  });
});
