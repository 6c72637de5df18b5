import { startLambdaInvokeShim } from '@stackset-lite/asl-local/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('Lambda Invoke shim', () => {
  let shim: Awaited<ReturnType<typeof startLambdaInvokeShim>>;
  beforeAll(async () => {
    shim = await startLambdaInvokeShim({
      host: '127.0.0.1',
      functions: {
        add: (e) => ({ sum: (e as { a: number; b: number }).a + (e as { a: number; b: number }).b }),
        broken: () => {
          throw Object.assign(new Error('stack not found'), { name: 'StackNotFound' });
        },
      },
    });
  });
  afterAll(() => shim.close());

  const invoke = (name: string, body: unknown) =>
    fetch(`${shim.url}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, {
      method: 'POST',
      body: JSON.stringify(body),
    });

  it('answers the Invoke API by function name or ARN', async () => {
    const res = await invoke('arn:aws:lambda:us-east-1:123456789012:function:add', { a: 2, b: 3 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sum: 5 });
    expect(shim.invocations.at(-1)).toEqual({ functionName: 'add', event: { a: 2, b: 3 }, ok: true });
  });

  it('reports thrown errors as Lambda function errors (X-Amz-Function-Error: Unhandled)', async () => {
    const res = await invoke('broken', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await res.json()).toMatchObject({ errorType: 'StackNotFound', errorMessage: 'stack not found' });
  });

  it('answers 404 ResourceNotFoundException for unknown functions', async () => {
    const res = await invoke('nope', {});
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  });
});
