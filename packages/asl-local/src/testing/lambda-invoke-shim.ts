import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonValue } from '@stackset-lite/asl-dsl/model';
import { z } from 'zod';

/** A Lambda function body served by the shim: the event in, the result out; a throw is a function error. */
export type LambdaFunctionHandler = (
  event: JsonValue,
  context: { functionName: string },
) => JsonValue | Promise<JsonValue>;

/** One call the shim served (for assertions). */
export interface ShimInvocation {
  functionName: string;
  event: JsonValue;
  ok: boolean;
}

/** A running shim. */
export interface LambdaInvokeShim {
  /** The TCP port it listens on. */
  port: number;
  /** `http://host:port` — use as Step Functions Local's LAMBDA_ENDPOINT (or an SDK `endpoint`). */
  url: string;
  /** Every invocation served so far, in order. */
  invocations: ShimInvocation[];
  close(): Promise<void>;
}

const optionsSchema = z.object({
  functions: z.record(
    z.string(),
    z.custom<LambdaFunctionHandler>((f) => typeof f === 'function'),
  ),
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().default('0.0.0.0'),
});

/** Options of {@link startLambdaInvokeShim}. */
export type LambdaInvokeShimOptions = z.input<typeof optionsSchema>;

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?(\?.*)?$/;

/** The function name inside a Lambda ARN, or the name itself. */
function functionNameOf(raw: string): string {
  const decoded = decodeURIComponent(raw);
  const m = /:function:([^:]+)/.exec(decoded);
  return m ? (m[1] as string) : decoded;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amz-executed-version': '$LATEST',
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`) from in-process
 * functions, so Step Functions Local (LAMBDA_ENDPOINT) or an AWS SDK Lambda client can call them.
 * A thrown error answers like Lambda: status 200, `X-Amz-Function-Error: Unhandled`,
 * `{errorType, errorMessage, trace}`; an unknown function answers 404 ResourceNotFoundException.
 */
export async function startLambdaInvokeShim(options: LambdaInvokeShimOptions): Promise<LambdaInvokeShim> {
  const o = optionsSchema.parse(options);
  const invocations: ShimInvocation[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const m = INVOKE.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        send(
          res,
          404,
          { Type: 'User', message: `Unknown operation ${req.method} ${req.url}` },
          { 'x-amzn-errortype': 'UnknownOperationException' },
        );
        return;
      }
      const functionName = functionNameOf(m[1] as string);
      const fn = o.functions[functionName];
      if (!fn) {
        send(
          res,
          404,
          { Type: 'User', Message: `Function not found: ${functionName}` },
          { 'x-amzn-errortype': 'ResourceNotFoundException' },
        );
        return;
      }
      const raw = await readBody(req);
      let event: JsonValue;
      try {
        event = raw.trim() === '' ? {} : (JSON.parse(raw) as JsonValue);
      } catch {
        send(
          res,
          400,
          { Type: 'User', message: 'Could not parse request body into json' },
          { 'x-amzn-errortype': 'InvalidRequestContentException' },
        );
        return;
      }
      const async = req.headers['x-amz-invocation-type'] === 'Event';
      try {
        const result = await fn(event, { functionName });
        invocations.push({ functionName, event, ok: true });
        if (async) send(res, 202, undefined);
        else send(res, 200, result === undefined ? null : result);
      } catch (e) {
        invocations.push({ functionName, event, ok: false });
        const err = e instanceof Error ? e : new Error(String(e));
        send(
          res,
          200,
          { errorType: err.name || 'Error', errorMessage: err.message, trace: [] },
          { 'x-amz-function-error': 'Unhandled' },
        );
      }
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { Type: 'Service', message: 'shim failure' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    invocations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
