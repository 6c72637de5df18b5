import {
  type AssumeRole,
  type AwsClients,
  type Clock,
  createSilentLogger,
  crossAccountDeps,
} from '@stackset-lite/tasks';
import { describe, expect, it, vi } from 'vitest';

const clock: Clock = { now: () => 0 };
const clients = { marker: 'test clients' } as unknown as AwsClients;

describe('crossAccountDeps', () => {
  it('keeps every dependency it is given', () => {
    const logger = createSilentLogger();
    const assumeRole: AssumeRole = async () => {
      throw new Error('not called');
    };
    const deps = crossAccountDeps({ clients, clock, assumeRole, logger }, 'pollStack');
    expect(deps).toEqual({ clients, clock, assumeRole, logger });
    expect(deps.assumeRole).toBe(assumeRole);
    expect(deps.logger).toBe(logger);
  });

  it("defaults the logger to the task's name and builds assumeRole over the given clients", () => {
    const deps = crossAccountDeps({ clients, clock }, 'deployStack');
    expect(deps.clients).toBe(clients);
    expect(deps.clock).toBe(clock);
    expect(typeof deps.assumeRole).toBe('function');
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      deps.logger.info('probe');
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(written.join(''))).toMatchObject({ message: 'probe', service: 'deployStack' });
  });
});
