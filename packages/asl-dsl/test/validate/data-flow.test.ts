import { describe, expect, it } from 'vitest';
import { validate } from '../../src/index.js';

type States = Record<string, unknown>;
const machine = (States: States, extra: Record<string, unknown> = {}) => ({
  StartAt: Object.keys(States)[0],
  States,
  ...extra,
});
const found = (definition: unknown) =>
  validate(definition).map((d) => `${d.code} ${d.severity} ${d.location}`);

/*
 * Reading a variable that holds no value fails the state at run time
 * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html). A read every path
 * reaches before any assignment fails every execution that gets there: an error. A read some paths
 * reach after an assignment may be fine: a warning.
 */
describe('variables read before they are assigned', () => {
  it('is an error when the only assignment comes later on every path', () => {
    const def = machine({
      Use: { Type: 'Pass', Parameters: { 'r.$': '$region' }, Next: 'Set' },
      Set: { Type: 'Pass', Assign: { region: 'eu-west-1' }, End: true },
    });
    expect(found(def)).toEqual(['VARIABLE_READ_BEFORE_ASSIGN ERROR /States/Use/Parameters/r.$']);
    expect(validate(def)[0]?.message).toContain('before any state assigns it');
  });

  it('is a warning when some paths assign first', () => {
    const def = machine({
      Route: {
        Type: 'Choice',
        Choices: [{ Variable: '$.cached', BooleanEquals: true, Next: 'Use' }],
        Default: 'Load',
      },
      Load: { Type: 'Pass', Assign: { region: 'eu-west-1' }, Next: 'Use' },
      Use: { Type: 'Pass', Parameters: { 'r.$': '$region' }, End: true },
    });
    expect(found(def)).toEqual(['VARIABLE_READ_BEFORE_ASSIGN WARNING /States/Use/Parameters/r.$']);
  });

  it('is an error when a loop assigns only after the read: the first arrival always fails', () => {
    const def = machine({
      Start: { Type: 'Pass', Next: 'Head' },
      Head: { Type: 'Pass', Parameters: { 'n.$': '$n' }, Next: 'Body' },
      Body: { Type: 'Pass', Assign: { n: 1 }, Next: 'More?' },
      'More?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.more', BooleanEquals: true, Next: 'Pause' }],
        Default: 'Done',
      },
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Head' },
      Done: { Type: 'Succeed' },
    });
    expect(found(def)).toEqual(['VARIABLE_READ_BEFORE_ASSIGN ERROR /States/Head/Parameters/n.$']);
  });

  it('stays a warning when a loop may be entered after an assignment on another path', () => {
    const def = machine({
      Route: {
        Type: 'Choice',
        Choices: [{ Variable: '$.warm', BooleanEquals: true, Next: 'Preset' }],
        Default: 'Head',
      },
      Preset: { Type: 'Pass', Assign: { n: 0 }, Next: 'Head' },
      Head: { Type: 'Pass', Parameters: { 'n.$': '$n' }, Next: 'Body' },
      Body: { Type: 'Pass', Assign: { n: 1 }, Next: 'More?' },
      'More?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.more', BooleanEquals: true, Next: 'Pause' }],
        Default: 'Done',
      },
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Head' },
      Done: { Type: 'Succeed' },
    });
    expect(found(def)).toEqual(['VARIABLE_READ_BEFORE_ASSIGN WARNING /States/Head/Parameters/n.$']);
  });

  // A variable assigned in a Map/Parallel sub-graph is visible to the later states of that graph, never to
  // the parent (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html, "Variable
  // scope"); issue 13 found a read in the last-declared inner state charged to the Map itself.
  it('charges a read in the last state of a Map or Parallel graph to that state, not to the Map', () => {
    const def = machine({
      Each: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'Keep',
          States: {
            Keep: { Type: 'Pass', Assign: { item: 1 }, Next: 'Use' },
            Use: { Type: 'Pass', Parameters: { 'v.$': '$item', 'w.$': '$nowhere' }, End: true },
          },
        },
        Parameters: { 'x.$': '$item' },
        End: true,
      },
    });
    expect(found(def)).toEqual([
      'VARIABLE_READ_BEFORE_ASSIGN ERROR /States/Each/Parameters/x.$',
      'VARIABLE_READ_BEFORE_ASSIGN ERROR /States/Each/ItemProcessor/States/Use/Parameters/w.$',
    ]);
  });

  it('lets inner graphs read what the outer graph assigned before them, and nothing assigned after', () => {
    const def = machine({
      Set: { Type: 'Pass', Assign: { before: 1 }, Next: 'Fan' },
      Fan: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Read',
            States: { Read: { Type: 'Pass', Parameters: { 'a.$': '$before', 'b.$': '$after' }, End: true } },
          },
        ],
        Assign: { after: 2 },
        End: true,
      },
    });
    expect(found(def)).toEqual([
      'VARIABLE_READ_BEFORE_ASSIGN ERROR /States/Fan/Branches/0/States/Read/Parameters/b.$',
    ]);
  });

  it('analyses more variables than one bitset slice holds', () => {
    // 5,000 variables, each assigned in one state and read in the next: the slices must agree.
    const States: States = {};
    const count = 5000;
    for (let i = 0; i < count; i++) {
      States[`S${i}`] = {
        Type: 'Pass',
        Assign: { [`v${i}`]: i },
        Parameters: i > 0 ? { 'p.$': `$v${i - 1}` } : {},
        Next: i + 1 < count ? `S${i + 1}` : 'End',
      };
    }
    States.End = { Type: 'Pass', Parameters: { 'last.$': `$v${count - 1}`, 'none.$': '$v5000' }, End: true };
    expect(found(machine(States))).toEqual([
      'VARIABLE_READ_BEFORE_ASSIGN ERROR /States/End/Parameters/none.$',
    ]);
  });
});

/*
 * A loop nothing can leave runs until the execution's one-year limit or its 25,000-event history
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html): a warning naming it.
 */
describe('loops that can never be left', () => {
  const poll = (extra: Record<string, unknown> = {}) => ({
    Poll: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Sleep', ...extra },
    Sleep: { Type: 'Wait', Seconds: 10, Next: 'Poll' },
  });
  const route = {
    Type: 'Choice',
    Choices: [{ Variable: '$.skip', IsPresent: true, Next: 'Done' }],
    Default: 'Poll',
  };

  it('warns, naming every state of the loop', () => {
    const def = machine({ Route: route, ...poll(), Done: { Type: 'Succeed' } });
    expect(found(def)).toEqual(['LOOP_WITHOUT_EXIT WARNING /States/Poll']);
    expect(validate(def)[0]?.message).toContain("loop 'Poll' → 'Sleep' can never be left");
  });

  it('accepts a loop with an exit edge, a Catch out of it or a machine TimeoutSeconds', () => {
    const withChoice = machine({
      Route: route,
      Poll: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Ready?' },
      'Ready?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.count', NumericGreaterThan: 10, Next: 'Done' }],
        Default: 'Sleep',
      },
      Sleep: { Type: 'Wait', Seconds: 10, Next: 'Poll' },
      Done: { Type: 'Succeed' },
    });
    expect(found(withChoice)).toEqual([]);
    const withCatch = machine({
      Route: route,
      ...poll({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }] }),
      Done: { Type: 'Succeed' },
    });
    expect(found(withCatch)).toEqual([]);
    const timed = machine({ Route: route, ...poll(), Done: { Type: 'Succeed' } }, { TimeoutSeconds: 3600 });
    expect(found(timed)).toEqual([]);
  });

  it('finds the trap inside a Map item processor too', () => {
    const def = machine({
      Each: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'Route', States: { Route: route, ...poll(), Done: { Type: 'Succeed' } } },
        End: true,
      },
    });
    expect(found(def)).toEqual(['LOOP_WITHOUT_EXIT WARNING /States/Each/ItemProcessor/States/Poll']);
  });
});
