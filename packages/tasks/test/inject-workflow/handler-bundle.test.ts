import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the bundler is a plain .mjs build script without type declarations
import { bundleHandlers, functionName, handlerFolders, zipFiles } from '../../scripts/bundle.mjs';

/** Reads a zip's central directory back: name, Unix mode and inflated content of each entry. */
function unzip(zip: Buffer): { name: string; mode: number; data: Buffer; crcOk: boolean }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf-8', at + 46, at + 46 + nameLength);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const local = zip.readUInt32LE(at + 42);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + size));
    entries.push({ name, mode, data, crcOk: crc32(data) === crc });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

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
    const [result] = (await bundleHandlers({
      outdir,
      only: ['inject-workflow'],
      minify: false,
      zip: true,
    })) as {
      outfile: string;
      zipfile: string;
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

  it('zips the bundle reproducibly with index.mjs at the root, readable by Lambda', () => {
    const outfile = join(outdir, 'injectWorkflow', 'index.mjs');
    const zip = readFileSync(join(outdir, 'injectWorkflow.zip'));
    const entries = unzip(zip);
    expect(entries.map((e) => e.name)).toEqual(['index.mjs']);
    expect(entries[0]?.mode).toBe(0o100644);
    expect(entries[0]?.crcOk).toBe(true);
    expect(entries[0]?.data.equals(readFileSync(outfile))).toBe(true);
    const again = zipFiles([{ name: 'index.mjs', data: readFileSync(outfile) }]) as Buffer;
    expect(again.equals(zip)).toBe(true);
  });
});
