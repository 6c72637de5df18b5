import { startExecution } from '@stackset-lite/asl-local';
import { describe, expect, it } from 'vitest';
import { handlersFromMocks } from '../src/cli/mocks-file.js';
import { DOC_SCENARIOS } from './scenarios/aws-doc-scenarios.js';

describe('AWS documentation scenarios', () => {
  it.each(DOC_SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const r = await startExecution({
      definition: s.definition,
      input: s.input,
      handlers: handlersFromMocks({ mocks: s.mocks ?? {} }),
    });
    if (s.expect.status === 'SUCCEEDED') {
      expect({ status: r.status, error: r.error, cause: r.cause }).toEqual({
        status: 'SUCCEEDED',
        error: undefined,
        cause: undefined,
      });
      expect(r.output).toEqual(s.expect.output);
    } else {
      expect(r.status).toBe('FAILED');
      expect(r.error).toBe(s.expect.error);
      if (s.expect.cause !== undefined) expect(r.cause).toBe(s.expect.cause);
    }
  });
});
