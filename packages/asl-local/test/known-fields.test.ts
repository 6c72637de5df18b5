import type { State } from '@stackset-lite/asl-dsl/model';
import { describe, expect, it } from 'vitest';
import { checkKnownFields } from '../src/states/known-fields.js';

/** A fresh state object each time: the check remembers objects it has already passed. */
const state = (fields: Record<string, unknown>): State => ({ ...fields }) as unknown as State;

const WORKING_FIELDS = [
  'Comment',
  'QueryLanguage',
  'Next',
  'InputPath',
  'OutputPath',
  'Parameters',
  'ResultSelector',
  'ResultPath',
  'Output',
  'Assign',
  'Retry',
  'Catch',
];

describe('checkKnownFields', () => {
  it.each([
    ['Task', ['Resource', 'Arguments', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'Credentials']],
    ['Parallel', ['Branches', 'Arguments']],
    ['Map', ['ItemProcessor', 'ItemsPath', 'Items', 'ItemReader', 'ToleratedFailurePercentagePath', 'Label']],
  ])('a %s state takes the transition, I/O, result and Retry/Catch fields plus its own', (type, own) => {
    const fields: Record<string, unknown> = { Type: type };
    for (const f of [...WORKING_FIELDS, ...own]) fields[f] = 1;
    expect(() => checkKnownFields('S', state(fields))).not.toThrow();
  });

  it.each([
    ['Task', 'Branches'],
    ['Parallel', 'Resource'],
    ['Map', 'TimeoutSeconds'],
    ['Pass', 'Retry'],
    ['Choice', 'Next'],
    ['Succeed', 'ResultPath'],
    ['Fail', 'OutputPath'],
  ])('a %s state refuses %s, naming the field and the state', (type, field) => {
    expect(() => checkKnownFields('Deploy', state({ Type: type, [field]: 1 }))).toThrow(
      new RegExp(`the field '${field}' in a ${type} state.*Deploy`),
    );
  });
});
