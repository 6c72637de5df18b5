import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';

const here = new URL('.', import.meta.url);

describe('README example', () => {
  it('is the same code as test/builder/readme-example.ts', async () => {
    const readme = await readFile(new URL('../../README.md', here), 'utf8');
    const example = await readFile(new URL('readme-example.ts', here), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example);
  });

  it('runs and prints the ASL of a Map with a typed task, a Choice and Retry', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { machine } = await import('./readme-example.js');
    log.mockRestore();
    const model = machine.toModel();
    const each = model.States['Each account'];
    expect(each?.Type).toBe('Map');
    if (each?.Type !== 'Map') return;
    expect(each.ItemSelector).toEqual({
      'accountId.$': '$$.Map.Item.Value.id',
      'templateUrl.$': '$.templateUrl',
    });
    expect(Object.keys(each.ItemProcessor?.States ?? {})).toEqual(['Deploy', 'Deployed?', 'Done', 'Failed']);
    expect(each.ItemProcessor?.States['Deployed?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.status', StringEquals: 'CREATE_COMPLETE', Next: 'Done' }],
      Default: 'Failed',
    });
  });
});
