/**
 * Element order after a list merge, as upstream's server computes it:
 *  - items named by the patch (or its `$setElementOrder` list) keep the patch's relative order;
 *  - items only the server had keep their live relative order;
 *  - the two runs are interleaved by live position where both items were live; an item the live
 *    list did not have is placed as soon as it comes up. So a new container added by a patch
 *    without `$setElementOrder` lands before the live ones (kubectl's docs show exactly this).
 */

/** Identifies an element: its merge-key value for maps, the value itself for primitives. */
export type KeyOf = (item: unknown) => unknown;

/**
 * Reorders `merged` (the merge result): elements whose key appears in `patchOrder` come in that
 * order, the rest in `serverOrder`'s order, interleaved as described above. Pure.
 */
export function normalizeOrder(
  merged: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  keyOf: KeyOf,
): unknown[] {
  const patchIndex = indexByKey(patchOrder, keyOf);
  const serverIndex = indexByKey(serverOrder, keyOf);
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) (patchIndex.has(keyOf(item)) ? patchItems : serverOnly).push(item);
  sortByIndex(patchItems, patchIndex, keyOf);
  sortByIndex(serverOnly, serverIndex, keyOf);

  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (j >= patchItems.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(patchItems[j++]);
    else {
      const left = serverIndex.get(keyOf(serverOnly[i]));
      const right = serverIndex.get(keyOf(patchItems[j]));
      // Only when both were live can the live order say the server-only item goes first.
      if (left !== undefined && right !== undefined && left < right) out.push(serverOnly[i++]);
      else out.push(patchItems[j++]);
    }
  }
  return out;
}

function indexByKey(list: readonly unknown[], keyOf: KeyOf): Map<unknown, number> {
  const m = new Map<unknown, number>();
  list.forEach((item, i) => {
    const k = keyOf(item);
    if (!m.has(k)) m.set(k, i);
  });
  return m;
}

/** Stable sort by position in `index`; items it does not know keep their place at the end. */
function sortByIndex(items: unknown[], index: Map<unknown, number>, keyOf: KeyOf): void {
  const pos = (x: unknown) => index.get(keyOf(x)) ?? Number.MAX_SAFE_INTEGER;
  items.sort((a, b) => pos(a) - pos(b));
}

/**
 * Checks that the patch list's elements appear in `$setElementOrder` in the same relative order
 * (upstream rejects a patch whose two lists disagree). Returns false on a mismatch.
 */
export function consistentWithOrder(
  patchItems: readonly unknown[],
  order: readonly unknown[],
  keyOf: KeyOf,
): boolean {
  let o = 0;
  for (const item of patchItems) {
    const k = keyOf(item);
    while (o < order.length && keyOf(order[o]) !== k) o++;
    if (o === order.length) return false;
    o++;
  }
  return true;
}
