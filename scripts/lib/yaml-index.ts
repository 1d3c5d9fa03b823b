/**
 * Linear-time helpers over parsed YAML (the `yaml` package): finding a key in a mapping without
 * scanning it each time, and duplicate keys found with one set per mapping. The parser's own
 * uniqueKeys check compares every key with every earlier one (quadratic: a 50,000-key ConfigMap
 * took minutes), so the loaders parse with uniqueKeys: false and call duplicateKeyErrors.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Pair, type YAMLMap } from 'yaml';

const indexes = new WeakMap<YAMLMap, Map<unknown, Pair>>();

/** The pair of `map` whose (scalar) key is `key`; the first one, as Array.find would. */
export function pairOf(map: YAMLMap, key: unknown): Pair | undefined {
  if (map.items.length < 16) return map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
  let index = indexes.get(map);
  if (!index || index.size > map.items.length) {
    index = new Map();
    for (const p of map.items) {
      const k = isScalar(p.key) ? p.key.value : p.key;
      if (!index.has(k)) index.set(k, p);
    }
    indexes.set(map, index);
  }
  return index.get(key);
}

export interface DuplicateKeyError {
  readonly code: 'DUPLICATE_KEY';
  readonly message: string;
  readonly pos: [number, number];
}

/** Every repeated scalar key in any mapping of `doc`, at the repeated key, in document order. */
export function duplicateKeyErrors(doc: Document): DuplicateKeyError[] {
  const out: DuplicateKeyError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node) || node === null || typeof node !== 'object') continue;
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) {
            const start = pair.key.range?.[0] ?? 0;
            out.push({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', pos: [start, start + 1] });
          } else seen.add(pair.key.value);
        } else stack.push(pair.key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  return out.sort((a, b) => a.pos[0] - b.pos[0]);
}
