/**
 * npm run diff, as a library: render two refs, match Applications and resources, run the
 * dangerous-change rules. Git and kustomize are the only I/O; everything after is pure.
 */
import path from 'node:path';
import type { Finding } from '../findings.js';
import { diffSnapshots, type DiffResult } from './compare.js';
import { repoTop, resolveRef, withWorktree } from './git.js';
import { summariseDiff, type DiffReport } from './report/model.js';
import { checkDiff } from './check.js';
import { snapshotTree, type Snapshot } from './snapshot.js';

export { diffSnapshots, diffApplication, type AppDiff, type DiffResult, type ResourceChange } from './compare.js';
export { diffFields, formatSegments, type FieldChange, type Segment } from './fields.js';
export { resolveRef, withWorktree } from './git.js';
export {
  checkDiff,
  DIFF_RULES,
  isBlocking,
  isDeletionFinding,
  ruleInfos,
  ALLOW_DELETIONS_REASON,
} from './check.js';
export type { DiffRule } from '../rules/types.js';
export {
  formatDiffReport,
  COMMENT_MARKER,
  DIFF_FORMATS,
  type DiffFormat,
  type DiffReport,
  type DiffSummary,
} from './report/index.js';
export { snapshotTree, identityOf, identityKey, type Snapshot, type AppSnapshot, type Identity } from './snapshot.js';

export interface DiffRequest {
  /** repository root (inside a git repository) */
  readonly root: string;
  /** git ref of the base (e.g. origin/main) */
  readonly base: string;
  /** git ref of the head; the working tree of `root` when undefined */
  readonly head?: string | undefined;
  /** acknowledge deletions: they are reported but do not fail the run */
  readonly allowDeletions?: boolean | undefined;
}

export interface DiffRun {
  readonly report: DiffReport;
  /** lines for stderr */
  readonly notes: readonly string[];
}

/** Renders a ref in a temporary worktree with this checkout's code; the worktree is always removed. */
async function snapshotRef(root: string, top: string, ref: string, commit: string): Promise<Snapshot> {
  const rel = path.relative(top, root);
  return withWorktree(top, commit, (tree) => snapshotTree(path.join(tree, rel), ref, commit));
}

export function buildReport(diff: DiffResult, findings: readonly Finding[]): DiffReport {
  return { diff, findings, summary: summariseDiff(diff, findings) };
}

export async function runDiff(request: DiffRequest): Promise<DiffRun> {
  const root = path.resolve(request.root);
  const top = await repoTop(root);
  const baseCommit = await resolveRef(root, request.base, '--base');
  const headCommit = request.head !== undefined ? await resolveRef(root, request.head, '--head') : undefined;
  let base: Snapshot;
  let head: Snapshot;
  if (request.head === undefined || headCommit === undefined) {
    [base, head] = await Promise.all([
      snapshotRef(root, top, request.base, baseCommit),
      snapshotTree(root, 'working tree', undefined),
    ]);
  } else {
    // One worktree at a time: git serialises worktree bookkeeping anyway.
    base = await snapshotRef(root, top, request.base, baseCommit);
    head = await snapshotRef(root, top, request.head, headCommit);
  }
  const diff = diffSnapshots(base, head);
  const findings = checkDiff(diff, { allowDeletions: request.allowDeletions });
  const notes = [...new Set([...base.notes, ...head.notes].map((n) => n.replace(/^[^:]+: (using kustomize)/, '$1')))];
  return { report: buildReport(diff, findings), notes };
}
