// A stable sort in place for the few items one post yields: its findings and its suggestion
// candidates, one at most per rule. why not Array.prototype.sort: for a handful of items its set-up
// (a work array, the comparator called through a builtin) costs more than the sorting itself.
// Insertion sort is stable, as Array.prototype.sort is, so the order comes out the same; it is
// quadratic, so it is for lists bounded by the rule book, never by the text.

export function sortFew<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i - 1;
    while (j >= 0 && compare(items[j]!, item) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
