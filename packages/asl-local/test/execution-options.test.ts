import { InMemoryObjectStore, InvalidExecutionParamsError, startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';

const definition = { StartAt: 'P', States: { P: { Type: 'Pass' as const, End: true } } };

describe('execution options are checked where they come in', () => {
  it('an objectStore without the ObjectStore methods is refused up front, naming the option', () => {
    // A likely mix-up: a store with another interface (stackset-workflow's getText/putText). Before,
    // any object passed and the first Distributed Map ItemReader failed on `getObject is not a function`.
    const wrongStore = { getText: async () => '', putText: async () => {} };
    const start = () => startExecution({ definition, options: { objectStore: wrongStore as never } });
    expect(start).toThrow(InvalidExecutionParamsError);
    expect(start).toThrow(
      /'\/options\/objectStore'.*ObjectStore \(an object with methods getObject, putObject, listObjects\)/,
    );
  });

  it('an ObjectStore is accepted', async () => {
    const r = await startExecution({
      definition,
      input: { a: 1 },
      options: { objectStore: new InMemoryObjectStore() },
    });
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: { a: 1 } });
  });
});
