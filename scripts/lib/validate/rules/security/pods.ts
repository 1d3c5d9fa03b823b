/** Helpers the security and hardening rules share: pod templates of a unit, and paths that exist. */
import type { FieldPath } from '../../../findings.js';
import { asObj, isObj, type ContainerRef, type Obj } from '../../k8s.js';
import type { Resource, Unit } from '../../types.js';

import type { Pod } from '../../k8s.js';
export { podsOf, type Pod } from '../../k8s.js';

/** The container's securityContext (empty when unset). */
export function securityContextOf(c: ContainerRef): Obj {
  return asObj(c.container.securityContext);
}

/**
 * The longest prefix of `path` that exists in `root`: a finding about a missing field points at its
 * deepest written ancestor, so the path and the reported line agree.
 */
export function existingPath(root: unknown, path: FieldPath): FieldPath {
  let node: unknown = root;
  const out: (string | number)[] = [];
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(node) || key >= node.length) break;
      node = node[key];
    } else {
      if (!isObj(node) || !Object.hasOwn(node, key) || node[key] === undefined || node[key] === null) break;
      node = node[key];
    }
    out.push(key);
  }
  return out;
}

/**
 * The namespace a resource lands in: metadata.namespace, else the unit's destination namespace.
 * (references/workloads.ts namespaceOf is the namespace of the resource's ref, '' for none.)
 */
export function landingNamespace(resource: Resource, unit: Unit): string | undefined {
  const ns = asObj(resource.object.metadata).namespace;
  return typeof ns === 'string' && ns !== '' ? ns : unit.namespace;
}

/** "1.28", "v1.28" -> 28; undefined when it is not a 1.x version. */
export function minorOf(version: string): number | undefined {
  const match = /^v?1\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

/** Human list: "a", "b" and "c". */
export function quoteList(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length <= 1
    ? (quoted[0] ?? '')
    : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1] as string}`;
}

/** Whether the pod declares itself a Windows pod (spec.os.name: windows). */
export function isWindowsPod(pod: Pod): boolean {
  return asObj(pod.template.spec.os).name === 'windows';
}
