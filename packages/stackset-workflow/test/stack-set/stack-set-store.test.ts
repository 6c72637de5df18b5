import { describe } from 'vitest';
import { MemoryStackSetStore } from '../../src/stack-set/memory-stack-set-store.js';
import { stackSetStoreContract } from './store-contract.js';

describe('MemoryStackSetStore keeps the stack set store contract', () => {
  stackSetStoreContract(async () => new MemoryStackSetStore(), { instances: 2_000 });
});
