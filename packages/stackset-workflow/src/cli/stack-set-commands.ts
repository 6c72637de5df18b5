import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { z } from 'zod';
import { InvalidInputError } from '../input/input-error.js';
import { DynamoDbStackSetStore } from '../stack-set/dynamodb-stack-set-store.js';
import type { Operation, OperationResult, StackInstance } from '../stack-set/stack-set-model.js';
import { stopOperation } from '../stack-set/stack-set-requests.js';
import type { StackSetStore } from '../stack-set/stack-set-store.js';
import { parseOptions, UsageError } from './cli-options.js';

/** Where a command reads the store: DynamoDB (AWS), or the in-memory store after a simulated story. */
const StoreOptionsSchema = z
  .object({
    stackSet: z.string().regex(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/, 'must be a stack set name'),
    table: z.string().min(3).max(255).optional(),
    region: z.string().optional(),
    endpoint: z.url().optional(),
    story: z.enum(['lifecycle']).optional(),
    json: z.boolean().default(false),
  })
  .refine((o) => (o.table === undefined) !== (o.story === undefined), {
    message: 'give --table (the stack set table in AWS) or --story lifecycle (a simulated one), not both',
    path: ['table'],
  });
type StoreOptions = z.output<typeof StoreOptionsSchema>;

/** The store a command reads, and the stack set it is asked about. */
async function openStore(o: StoreOptions): Promise<StackSetStore> {
  if (o.table) {
    const client = new DynamoDBClient({
      ...(o.region && { region: o.region }),
      ...(o.endpoint && { endpoint: o.endpoint }),
    });
    return new DynamoDbStackSetStore({ tableName: o.table, client });
  }
  // A simulated story's store, as the story left it (the estate is loaded only for this).
  const { runLifecycleStory } = await import('../simulate/lifecycle-story.js');
  const { StackSetSimulation } = await import('../simulate/stack-set-simulation.js');
  const simulation = new StackSetSimulation();
  await runLifecycleStory({ simulation });
  return simulation.store;
}

function withStoreOptions(command: Command): Command {
  return command
    .requiredOption('--stack-set <name>', 'the stack set')
    .option('--table <name>', 'the stack set table (the SAM stack output StackSetTableName)')
    .option('--region <region>', 'the table’s region (default: the AWS SDK’s)')
    .option('--endpoint <url>', 'a DynamoDB endpoint (e.g. moto or DynamoDB Local)')
    .option('--story <name>', 'read the in-memory store of a simulated story instead (lifecycle)')
    .option('--json', 'print one JSON line (the last line of stdout)');
}

function instanceLine(i: StackInstance): string {
  const overrides = Object.entries(i.parameterOverrides)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return [
    i.account,
    i.region.padEnd(14),
    i.status.padEnd(10),
    i.detailedStatus.padEnd(25),
    `drift ${i.driftStatus}`.padEnd(18),
    i.lastOperationId ?? '-',
    overrides ? ` overrides ${overrides}` : '',
    i.statusReason && i.status !== 'CURRENT' ? ` — ${i.statusReason}` : '',
  ].join(' ');
}

function operationLine(o: Operation): string {
  const counts = Object.entries(o.counts ?? {})
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  return `${o.operationId} ${o.action.padEnd(12)} ${o.status.padEnd(9)} ${o.origin === 'AUTO_DEPLOYMENT' ? 'auto ' : ''}${o.startTimestamp ?? o.creationTimestamp} → ${o.endTimestamp ?? '…'}${counts ? ` (${counts})` : ''}${o.statusReason ? ` — ${o.statusReason}` : ''}`;
}

function resultLine(r: OperationResult): string {
  const change =
    r.instanceStatusBefore !== r.instanceStatusAfter
      ? ` ${r.instanceStatusBefore ?? 'NEW'} → ${r.instanceStatusAfter ?? 'REMOVED'}`
      : '';
  return `${r.account} ${r.region.padEnd(14)} ${r.status.padEnd(9)}${change}${r.statusReason ? ` — ${r.statusReason}` : ''}`;
}

/** `stackset-lite instances`, `operations` and `stop`: the stack set store from the command line. */
export function registerStackSetCommands(program: Command): void {
  withStoreOptions(
    program
      .command('instances')
      .description("list a stack set's instances: status, drift, overrides, last operation"),
  ).action(async (raw: unknown) => {
    const o = parseOptions(StoreOptionsSchema, raw);
    const store = await openStore(o);
    const instances = await store.listInstances(o.stackSet);
    if (!(await store.getStackSet(o.stackSet)))
      throw new UsageError(`--stack-set: no stack set named ${o.stackSet}`);
    const counts: Record<string, number> = {};
    for (const i of instances) counts[i.status] = (counts[i.status] ?? 0) + 1;
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ stackSet: o.stackSet, counts, instances })}\n`);
      return;
    }
    for (const i of instances) process.stdout.write(`${instanceLine(i)}\n`);
    process.stdout.write(
      `${instances.length} instances: ${Object.entries(counts)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ')}\n`,
    );
  });

  withStoreOptions(
    program.command('operations').description("list a stack set's operations, or one operation's results"),
  )
    .option('--operation <id>', "show this operation's per-target results")
    .action(async (raw: { operation?: string } & Record<string, unknown>) => {
      const { operation: operationId, ...rest } = raw;
      const o = parseOptions(StoreOptionsSchema, rest);
      const store = await openStore(o);
      if (!(await store.getStackSet(o.stackSet)))
        throw new UsageError(`--stack-set: no stack set named ${o.stackSet}`);
      if (operationId) {
        const operation = await store.getOperation(o.stackSet, operationId);
        if (!operation)
          throw new UsageError(`--operation: no operation ${operationId} on stack set ${o.stackSet}`);
        const results = await store.listResults(o.stackSet, operationId);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ operation, results })}\n`);
          return;
        }
        process.stdout.write(`${operationLine(operation)}\n`);
        for (const r of results) process.stdout.write(`  ${resultLine(r)}\n`);
        return;
      }
      const operations = await store.listOperations(o.stackSet);
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ stackSet: o.stackSet, operations })}\n`);
        return;
      }
      for (const op of operations) process.stdout.write(`${operationLine(op)}\n`);
    });

  program
    .command('stop')
    .description('stop a RUNNING operation: targets in flight settle, the rest is CANCELLED, it ends STOPPED')
    .requiredOption('--stack-set <name>', 'the stack set')
    .requiredOption('--operation <id>', 'the running operation')
    .requiredOption('--table <name>', 'the stack set table (the SAM stack output StackSetTableName)')
    .option('--region <region>', 'the table’s region')
    .option('--endpoint <url>', 'a DynamoDB endpoint (e.g. moto)')
    .action(
      async (raw: {
        stackSet: string;
        operation: string;
        table: string;
        region?: string;
        endpoint?: string;
      }) => {
        const client = new DynamoDBClient({
          ...(raw.region && { region: raw.region }),
          ...(raw.endpoint && { endpoint: raw.endpoint }),
        });
        const store = new DynamoDbStackSetStore({ tableName: raw.table, client });
        try {
          const stopping = await stopOperation(store, {
            stackSetName: raw.stackSet,
            operationId: raw.operation,
          });
          process.stdout.write(
            `${stopping.operationId} is ${stopping.status}: targets in flight settle, the rest will be CANCELLED\n`,
          );
        } catch (error) {
          if (error instanceof InvalidInputError) {
            // Name the option the user gave, not the request's JSON pointer.
            throw new UsageError(
              error.problems
                .map((p) => `${p.pointer === '/operationId' ? '--operation' : p.pointer}: ${p.message}`)
                .join('; '),
            );
          }
          throw error;
        }
      },
    );
}
