// The daily-tip use cases (src/app/tips/) on the in-memory store: the store contract's own
// scenarios, run where they are quickest. Every real store runs the same (test/adapters/store/).
import { createMemoryTipStore } from '../../../src/adapters/store/memory.ts';
import type { TipStore } from '../../../src/app/ports.ts';
import { describeStoreContract } from '../../adapters/store/contract.ts';
import { tipStoreContract } from '../../adapters/store/port-contract.ts';

const stores = new Map<string, TipStore>();
let next = 0;

describeStoreContract('daily tips (in-memory store)', {
  location: () => `memory-${next++}`,
  async open(location) {
    let store = stores.get(location);
    if (!store) stores.set(location, (store = createMemoryTipStore()));
    return { store, close() {} };
  },
});

tipStoreContract('in-memory', async () => {
  const store = createMemoryTipStore();
  return { a: store, b: store, close: async () => {} };
});
