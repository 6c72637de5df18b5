import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  type MotoServer,
  motoUnavailableReason,
  startMotoServer,
} from '../../../../test-support/moto-server.js';
import { DynamoDbStackSetStore } from '../../src/stack-set/dynamodb-stack-set-store.js';
import { STACK_SET_TABLE_DEFINITION } from '../../src/stack-set/table-items.js';
import { stackSetStoreContract } from './store-contract.js';

const unavailable = motoUnavailableReason();
if (unavailable) console.warn(`skipping the DynamoDB stack set store tier: ${unavailable}`);

/**
 * The DynamoDB store against moto's DynamoDB over HTTP, through the real AWS SDK v3 client: the
 * same contract as the in-memory store. Each test gets a fresh table made from the same definition
 * the SAM template uses.
 */
describe.skipIf(unavailable)('DynamoDbStackSetStore on moto keeps the stack set store contract', () => {
  let moto: MotoServer;
  let client: DynamoDBClient;
  let tables = 0;

  beforeAll(async () => {
    moto = await startMotoServer();
    client = new DynamoDBClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
  });
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  stackSetStoreContract(
    async () => {
      const tableName = `stackset-lite-stack-sets-${++tables}`;
      await client.send(new CreateTableCommand({ TableName: tableName, ...STACK_SET_TABLE_DEFINITION }));
      return new DynamoDbStackSetStore({ tableName, client });
    },
    {
      instances: 120,
      // Seen here: of three concurrent UpdateItem calls with the same condition, moto 5.2 let two
      // succeed. DynamoDB does not (conditional writes are atomic); AWS wins, so the race is checked
      // on the in-memory store only and the store relies on DynamoDB's documented atomicity.
      racesUnchecked: "moto's DynamoDB does not serialize concurrent conditional writes (AWS's does)",
    },
  );
});
