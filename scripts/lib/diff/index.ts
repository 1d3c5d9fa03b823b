/**
 * npm run diff, as a library: render two refs, match Applications and resources, run the
 * dangerous-change rules. Git and kustomize are the only I/O; everything after is pure.
 */
import path from 'node:path';
import type { Finding } from '../findings.js';
import { diffSnapshots, type DiffResult } from './compare.js';
import { changedLines, repoTop, resolveRef, withWorktree } from './git.js';
import { summariseDiff, type DiffReport } from './report/model.js';
import { checkDiff } from './check.js';
import { snapshotTree, type Snapshot } from './snapshot.js';
import type { ValidateResult } from '../validate/run.js';
import { compareValidation, validateTree } from './validation.js';

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
  /** also validate the head (and the base, to tell which blocking findings are new) */
  readonly validate?: boolean | undefined;
}

export interface DiffRun {
  readonly report: DiffReport;
  /** lines for stderr */
  readonly notes: readonly string[];
}

interface Side {
  readonly snapshot: Snapshot;
  readonly validation?: ValidateResult | Error | undefined;
}

/** Renders (and validates, when asked) one tree. */
async function side(tree: string, label: string, commit: string | undefined, check: boolean): Promise<Side> {
  const snapshot = await snapshotTree(tree, label, commit);
  return { snapshot, validation: check ? await validateTree(tree) : undefined };
}

/** Renders a ref in a temporary worktree with this checkout's code; the worktree is always removed. */
async function sideOfRef(root: string, top: string, ref: string, commit: string, check: boolean): Promise<Side> {
  const rel = path.relative(top, root);
  return withWorktree(top, commit, (tree) => side(path.join(tree, rel), ref, commit, check));
}

export function buildReport(
  diff: DiffResult,
  findings: readonly Finding[],
  validation?: DiffReport['validation'],
): DiffReport {
  return { diff, findings, summary: summariseDiff(diff, findings), ...(validation ? { validation } : {}) };
}

export async function runDiff(request: DiffRequest): Promise<DiffRun> {
  const root = path.resolve(request.root);
  const top = await repoTop(root);
  const baseCommit = await resolveRef(root, request.base, '--base');
  const headCommit = request.head !== undefined ? await resolveRef(root, request.head, '--head') : undefined;
  const check = Boolean(request.validate);
  let base: Side;
  let head: Side;
  if (request.head === undefined || headCommit === undefined) {
    [base, head] = await Promise.all([
      sideOfRef(root, top, request.base, baseCommit, check),
      side(root, 'working tree', undefined, check),
    ]);
  } else {
    // One worktree at a time: git serialises worktree bookkeeping anyway.
    base = await sideOfRef(root, top, request.base, baseCommit, check);
    head = await sideOfRef(root, top, request.head, headCommit, check);
  }
  const diff = diffSnapshots(base.snapshot, head.snapshot, await changedLines(root, baseCommit, headCommit));
  const findings = checkDiff(diff, { allowDeletions: request.allowDeletions });
  const notes = [
    ...new Set(
      [...base.snapshot.notes, ...head.snapshot.notes].map((n) => n.replace(/^[^:]+: (using kustomize)/, '$1')),
    ),
  ];
  const validation = head.validation && compareValidation(head.validation, base.validation);
  return { report: buildReport(diff, findings, validation), notes };
}
