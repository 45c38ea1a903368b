/** The store can't be opened: one sentence for the operator, naming where and what to check. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}
