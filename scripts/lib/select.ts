/**
 * Which deploy targets a run builds and checks: `--target NAME` (repeatable), `--env ENV`
 * (repeatable) and `--shard I/N`, so CI can fan one validation out over N runners.
 *
 * Shards are a stable split: targets sorted by name, dealt round-robin (target k goes to shard
 * k mod N + 1), so the same set of targets always splits the same way and every target is in
 * exactly one shard. Checks that look across targets (the argocd and dr groups) need every
 * target: shard 1 renders them all and runs those checks, while per-target checks run only on
 * its own share; `--target` / `--env` skip them (a note says so).
 */
import { UsageError } from './errors.js';
import type { Target } from './targets.js';

export interface Selection {
  readonly targets?: readonly string[] | undefined;
  readonly envs?: readonly string[] | undefined;
  readonly shard?: { readonly index: number; readonly count: number } | undefined;
}

export interface Selected {
  /** the targets whose resources are checked and reported */
  readonly targets: readonly Target[];
  /** run the cross-target checks (every target is then rendered) */
  readonly crossTarget: boolean;
  /**
   * without them, still run those that hold of any set of targets over the selected ones
   * (RunRule.onSelectedTargets): a --target or --env selection; a shard leaves them to shard 1
   */
  readonly selectedChecks: boolean;
  /** for stderr, when something was left out */
  readonly note: string | undefined;
}

/** `--shard I/N`, 1 <= I <= N. */
export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard ${value}: expected I/N with 1 <= I <= N, e.g. 1/2`);
  return { index, count };
}

export function isSelection(s: Selection): boolean {
  return Boolean(s.targets?.length || s.envs?.length || s.shard);
}

export function selectTargets(all: readonly Target[], selection: Selection): Selected {
  if (!isSelection(selection)) return { targets: all, crossTarget: true, selectedChecks: false, note: undefined };
  let targets = [...all];
  const names = new Set(all.map((t) => t.name));
  for (const name of selection.targets ?? []) {
    if (!names.has(name))
      throw new UsageError(`--target ${name}: no such target (expected one of ${[...names].sort().join(', ')})`);
  }
  const envs = new Set(all.map((t) => t.environment as string));
  for (const env of selection.envs ?? []) {
    if (!envs.has(env))
      throw new UsageError(`--env ${env}: no target deploys it (expected one of ${[...envs].sort().join(', ')})`);
  }
  if (selection.targets?.length) targets = targets.filter((t) => selection.targets?.includes(t.name));
  if (selection.envs?.length) targets = targets.filter((t) => selection.envs?.includes(t.environment));
  let crossTarget = false;
  if (selection.shard) {
    const { index, count } = selection.shard;
    const sorted = [...targets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const mine = new Set(sorted.filter((_, k) => (k % count) + 1 === index).map((t) => t.name));
    targets = targets.filter((t) => mine.has(t.name));
    crossTarget = index === 1 && !selection.targets?.length && !selection.envs?.length;
  }
  const names_ = targets.map((t) => t.name).join(', ') || 'none';
  const shard = selection.shard ? `shard ${selection.shard.index}/${selection.shard.count}: ` : '';
  const cross = crossTarget
    ? '; cross-target checks run here, on every target'
    : '; cross-target checks (argocd, dr groups) skipped: they need every target';
  const selectedChecks = !crossTarget && Boolean(selection.targets?.length || selection.envs?.length);
  return {
    targets,
    crossTarget,
    selectedChecks,
    note: `${shard}${targets.length} of ${all.length} targets (${names_})${cross}`,
  };
}
