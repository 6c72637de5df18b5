import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the bundler is a plain .mjs build script without type declarations
import { bundleHandlers, functionName, handlerFolders } from '../../scripts/bundle.mjs';

const outdir = mkdtempSync(join(tmpdir(), 'stackset-lite-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('scripts/bundle.mjs', () => {
  it('finds every handler and names it as the SAM template does', () => {
    const folders = handlerFolders() as string[];
    expect(folders).toContain('inject-workflow');
    expect(folders.map((f) => functionName(f))).toContain('injectWorkflow');
    expect(functionName('deploy-stack')).toBe('deployStack');
  });

  it('rejects an unknown handler name', async () => {
    await expect(bundleHandlers({ outdir, only: ['nope'] })).rejects.toThrow(
      /no handler at src\/<name>\/handler.ts for: nope/,
    );
  });

  it('bundles the macro into an ESM file that Node loads and runs as Lambda would', async () => {
    const [result] = (await bundleHandlers({ outdir, only: ['inject-workflow'], minify: false })) as {
      outfile: string;
      bytes: number;
    }[];
    expect(result?.outfile).toBe(join(outdir, 'injectWorkflow', 'index.mjs'));
    // A bucket outside the allow-list fails before any AWS call, so this runs offline.
    const event = {
      region: 'eu-west-1',
      accountId: '111111111111',
      fragment: { Resources: {} },
      transformId: 'StepFunctionWorkflowInjector',
      params: {},
      requestId: 'req-bundle',
      templateParameterValues: { S3Key: 's3://other-bucket/k.json', SMResource: 'StateMachine' },
    };
    const script = `const { handler } = await import(${JSON.stringify(result?.outfile)}); process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)})));`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        ALLOWED_BUCKETS: 'workflows-bucket',
        AWS_REGION: 'eu-west-1',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
      encoding: 'utf-8',
    });
    expect(JSON.parse(stdout)).toEqual({
      requestId: 'req-bundle',
      status: 'failure',
      fragment: { Resources: {} },
      errorMessage:
        'StepFunctionWorkflowInjector: bucket "other-bucket" is not allowed (allowed: workflows-bucket)',
    });
  });
});
