/**
 * Order nodes so each comes after the nodes it depends on; ties keep the
 * author's order so generated code reads like the document. A cycle is
 * reported as the path that closes it (`a -> b -> a`).
 */
export function dependencyOrder(
  nodes: readonly string[],
  deps: ReadonlyMap<string, readonly string[]>,
): { order: string[]; cycles: string[][] } {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const cycles: string[][] = [];
  const inSet = new Set(nodes);
  const visit = (n: string, stack: string[]) => {
    const s = state.get(n);
    if (s === 'done') return;
    if (s === 'visiting') {
      const from = stack.indexOf(n);
      cycles.push([...stack.slice(from), n]);
      return;
    }
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps.get(n) ?? []) if (inSet.has(d)) visit(d, stack);
    stack.pop();
    state.set(n, 'done');
    order.push(n);
  };
  for (const n of nodes) visit(n, []);
  return { order, cycles };
}
