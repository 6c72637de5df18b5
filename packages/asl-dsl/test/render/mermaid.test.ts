import { describe, expect, it } from 'vitest';
import { choiceRuleLabel, fromAsl, toMermaid } from '../../src/index.js';
import { validFixtures } from '../fixtures/corpus.js';

const fixture = (name: string) => {
  const found = validFixtures.find((f) => f.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return fromAsl(found.json);
};

describe('toMermaid', () => {
  it('draws a flowchart with start and end markers', () => {
    const text = toMermaid(fixture('hello-world.asl.json'));
    expect(text.split('\n')).toEqual([
      'flowchart TD',
      '  m_start(( ))',
      '  m_start --> m_s0',
      '  m_s0("Hello")',
      '  m_s1("World")',
      '  m_s0 --> m_s1',
      '  m_s1 --> m_end',
      '  m_end((( )))',
      '  classDef start fill:#222,stroke:#222',
      '  class m_start start',
    ]);
  });

  it('shapes nodes by state type, labels Choice rules and Default, dashes Catch edges', () => {
    const text = toMermaid(fixture('polling-loop.asl.json'), { direction: 'LR' });
    expect(text).toContain('flowchart LR');
    expect(text).toContain('m_s0["Submit Job"]');
    expect(text).toContain('m_s1{{"Wait X Seconds"}}');
    expect(text).toContain('m_s3{"Job Complete?"}');
    expect(text).toContain('m_s4[["Job Failed"]]');
    expect(text).toContain('m_s3 -->|"$.status == #quot;FAILED#quot;"| m_s4');
    expect(text).toContain('m_s3 -->|Default| m_s1');
    const lambda = toMermaid(fixture('lambda-retry-catch.asl.json'));
    expect(lambda).toContain('m_s0 -.->|"States.Timeout"| m_s1');
    expect(lambda).toContain('m_s0 -.->|"States.ALL"| m_s2');
    expect(lambda).toContain('m_s3(["Done"])');
    expect(lambda).toContain('m_s3 --> m_end');
  });

  it('draws Parallel branches and Map item processors as subgraphs with their own start and end', () => {
    const text = toMermaid(fixture('nested-parallel-in-map.asl.json'));
    expect(text).toContain('subgraph m_s0["Map: Regions"]');
    expect(text).toContain('subgraph m_s0_p_s1["Parallel: Per Region"]');
    expect(text).toContain('subgraph m_s0_p_s1_b0["Branch 1"]');
    expect(text).toContain('subgraph m_s0_p_s1_b0_s2["Map: Stacks"]');
    expect(text).toContain('m_s0_p_s1_b0_s2_p_start --> m_s0_p_s1_b0_s2_p_s3');
    expect(text.match(/^\s*subgraph /gm)?.length).toBe(5);
    expect(text.match(/^\s*end$/gm)?.length).toBe(5);
    const distributed = toMermaid(fixture('distributed-map-csv.asl.json'));
    expect(distributed).toContain('subgraph m_s0["Distributed Map: Process Accounts"]');
  });

  it('escapes characters that would end a Mermaid label', () => {
    const text = toMermaid(
      fromAsl({
        QueryLanguage: 'JSONata',
        StartAt: 'Pick <one>',
        States: {
          'Pick <one>': {
            Type: 'Choice',
            Choices: [{ Condition: '{% $states.input.a or\n $states.input.b = "x|y" %}', Next: 'Done' }],
            Default: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      }),
    );
    expect(text).toContain('m_s0{"Pick #lt;one#gt;"}');
    expect(text).toContain('m_s0 -->|"$states.input.a or $states.input.b = #quot;x#124;y#quot;"| m_s1');
  });

  it('gives every node one definition and only links defined nodes', () => {
    for (const f of validFixtures) {
      const text = toMermaid(fromAsl(f.json));
      const defined = new Set([...text.matchAll(/^\s*(?:subgraph )?([\w]+)[[({>]/gm)].map((m) => m[1]));
      for (const m of text.matchAll(/^\s*(\w+) -\.?->(?:\|[^|]*\|)? (\w+)$/gm)) {
        expect(defined.has(m[1] as string) || (m[1] as string).endsWith('_start'), `${f.name}: ${m[1]}`).toBe(
          true,
        );
        expect(defined.has(m[2] as string) || (m[2] as string).endsWith('_end'), `${f.name}: ${m[2]}`).toBe(
          true,
        );
      }
    }
  });
});

describe('choiceRuleLabel', () => {
  it.each([
    [{ Variable: '$.n', NumericGreaterThanEqualsPath: '$.limit', Next: 'x' }, '$.n >= $.limit'],
    [{ Variable: '$.a', IsPresent: false, Next: 'x' }, '$.a is not present'],
    [{ Variable: '$.f', StringMatches: 'log-*', Next: 'x' }, '$.f matches "log-*"'],
    [
      { And: [{ Variable: '$.a', IsNull: true }, { Not: { Variable: '$.b', NumericEquals: 1 } }], Next: 'x' },
      '($.a is null) and not ($.b == 1)',
    ],
    [{ Condition: '{% $states.input.n > 3 %}', Next: 'x' }, '$states.input.n > 3'],
    [{ Condition: true, Next: 'x' }, 'true'],
  ])('%j → %s', (rule, expected) => {
    expect(choiceRuleLabel(rule)).toBe(expected);
  });
});
