/**
 * The checks of the bump/promote/DR commands: renders chosen environments through the model's
 * entry point (scripts/lib/model/units.ts) and runs the validate rules (schema, policy.yaml-governed
 * checks) on them. Writing files, and putting them back when the result does not validate, is here too.
 */
import { loadParityAllowList } from '../dr/allowlist.js';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Environment } from '../clusters.js';
import { ToolError } from '../errors.js';
import { sortFindings, summarise, type Finding } from '../findings.js';
import { removeAtomicLeftovers, writeFileAtomic } from '../fsutil.js';
import { loadPolicy, severityIn } from '../policy.js';
import { runChecks } from '../validate/engine.js';
import { renderEnvironments } from '../model/units.js';
import { RULES } from '../validate/registry.js';
import { schemaSources } from '../validate/run.js';
import type { Unit } from '../model/types.js';

export { renderEnvironments } from '../model/units.js';

/** Extra checks over several units at once (e.g. prod/dr parity), given by the caller. */
export type CrossChecks = (units: readonly Unit[]) => Promise<Finding[]> | Finding[];

export interface CheckResult {
  readonly findings: readonly Finding[];
  /** unwaived error findings */
  readonly errors: readonly Finding[];
  readonly units: readonly Unit[];
  readonly notes: readonly string[];
}

/**
 * Renders and validates the environments: every rule of the registry, severities from policy.yaml,
 * except those that check Argo CD's model (needsArgo): these units are rendered without it.
 */
export async function checkEnvironments(
  root: string,
  envs: readonly Environment[],
  cross?: CrossChecks,
): Promise<CheckResult> {
  const { units, notes } = await renderEnvironments(root, envs);
  const policy = await loadPolicy(root);
  // DR-001 (prod/dr parity) runs inside the engine when both environments are rendered.
  const findings = runChecks(units, {
    rules: RULES,
    schemas: schemaSources(root),
    policy,
    parityAllowList: await loadParityAllowList(root),
  });
  if (cross) {
    for (const f of await cross(units))
      findings.push({ ...f, severity: severityIn(policy, f.ruleId, 'dr', f.severity) });
  }
  const sorted = sortFindings(findings);
  return { findings: sorted, errors: sorted.filter((f) => f.severity === 'error' && !f.waived), units, notes };
}

export function describeFindings(findings: readonly Finding[], limit = 20): string {
  const lines = findings
    .slice(0, limit)
    .map((f) => `  ${f.file}:${f.line} ${f.severity} ${f.ruleId} ${f.path ? `${f.path}: ` : ''}${f.message}`);
  if (findings.length > limit) lines.push(`  ... and ${findings.length - limit} more`);
  return lines.join('\n');
}

export function summaryLine(result: CheckResult): string {
  const s = summarise(
    result.findings,
    result.units.reduce((n, u) => n + u.resources.length, 0),
    result.units.length,
  );
  return `${s.error} errors, ${s.warning} warnings (${result.units.map((u) => u.name).join(', ')})`;
}

/** One file a command changes: repo-relative path, its text before (undefined: new file) and after. */
export interface FileChange {
  readonly file: string;
  readonly before: string | undefined;
  readonly after: string;
}

/** Reads repo-relative files; a missing one is a ToolError saying what was expected there. */
export async function readRepoFile(root: string, file: string, expected: string): Promise<string> {
  const full = path.join(root, file);
  if (!existsSync(full)) throw new ToolError(`${file}: no such file (expected ${expected})`);
  return readFile(full, 'utf8');
}

export async function readOptional(root: string, file: string): Promise<string | undefined> {
  const full = path.join(root, file);
  return existsSync(full) ? readFile(full, 'utf8') : undefined;
}

/** Puts every file back as it was (a new file is removed). */
export async function restore(root: string, changes: readonly FileChange[]): Promise<void> {
  for (const c of changes) {
    const full = path.join(root, c.file);
    if (c.before === undefined) await rm(full, { force: true });
    else await writeFileAtomic(full, c.before);
  }
}

/** Identity of a finding across two renders (lines may move; the rule, resource, field and message do not). */
function findingKey(f: Finding): string {
  return [f.ruleId, f.unit, f.resource?.kind ?? '', f.resource?.name ?? '', f.path, f.message].join('\u0000');
}

export interface ApplyOutcome {
  readonly result: CheckResult;
  /** error findings the change introduced (it is refused when there are any) */
  readonly introduced: readonly Finding[];
  /** error findings already present before the change (reported, not blocking) */
  readonly preexisting: readonly Finding[];
  readonly kept: boolean;
}

/**
 * Validates the environments as they are, writes the changes (each atomically), then validates
 * again. When the change introduces error findings, or rendering fails, every file is put back
 * before returning or throwing: the tree is either changed and no worse, or as it was. Errors the
 * tree had before the change are returned as `preexisting` and do not block it (they are not this
 * change's doing; `npm run validate` reports them).
 */
export async function applyAndCheck(
  root: string,
  changes: readonly FileChange[],
  envs: readonly Environment[],
  cross?: CrossChecks,
): Promise<ApplyOutcome> {
  return applyPlanned(root, envs, () => changes, cross);
}

/**
 * applyAndCheck, with the changes computed from the baseline render (what the environments run
 * now), so a command that needs the rendered truth renders only twice. `plan` may throw (nothing
 * is written then). `verify` inspects the new render; an error from it restores the files too.
 */
export async function applyPlanned(
  root: string,
  envs: readonly Environment[],
  plan: (baseline: CheckResult) => readonly FileChange[],
  cross?: CrossChecks,
  verify?: (result: CheckResult) => void,
): Promise<ApplyOutcome & { changes: readonly FileChange[] }> {
  await recoverJournal(root);
  const baseline = await checkEnvironments(root, envs, cross);
  const changes = plan(baseline);
  if (changes.length === 0)
    return { result: baseline, introduced: [], preexisting: baseline.errors, kept: true, changes };
  const before = new Set(baseline.errors.map(findingKey));
  // All or none, even under SIGKILL: the journal (every file's text before) is written before the
  // first file and removed only once the change is kept or undone; the next run undoes a change
  // whose journal is still there.
  await writeJournal(root, changes);
  try {
    for (const c of changes) await writeFileAtomic(path.join(root, c.file), c.after);
    const result = await checkEnvironments(root, envs, cross);
    verify?.(result);
    const introduced = result.errors.filter((f) => !before.has(findingKey(f)));
    const preexisting = result.errors.filter((f) => before.has(findingKey(f)));
    if (introduced.length > 0) {
      await restore(root, changes);
      await rm(path.join(root, JOURNAL), { force: true });
      return { result, introduced, preexisting, kept: false, changes };
    }
    await rm(path.join(root, JOURNAL), { force: true });
    return { result, introduced, preexisting, kept: true, changes };
  } catch (error) {
    await restore(root, changes);
    await rm(path.join(root, JOURNAL), { force: true });
    throw error;
  }
}

/** Writes the journal of a multi-file change (every file's text before), before its first file. */
async function writeJournal(root: string, changes: readonly FileChange[]): Promise<void> {
  await writeFileAtomic(
    path.join(root, JOURNAL),
    `${JSON.stringify({ changes: changes.map((c) => ({ file: c.file, before: c.before ?? null })) }, null, 1)}\n`,
  );
}

/**
 * Writes every change, all or none even under SIGKILL: a change interrupted earlier is undone
 * first, the journal is written before the first file and removed after the last; an error puts
 * every file back.
 */
export async function writeAllOrNone(root: string, changes: readonly FileChange[]): Promise<void> {
  await recoverJournal(root);
  if (changes.length === 0) return;
  await writeJournal(root, changes);
  try {
    for (const c of changes) await writeFileAtomic(path.join(root, c.file), c.after);
  } catch (error) {
    await restore(root, changes);
    await rm(path.join(root, JOURNAL), { force: true });
    throw error;
  }
  await rm(path.join(root, JOURNAL), { force: true });
}

/** The journal of a multi-file change in progress (git-ignored). */
export const JOURNAL = '.zarish-edit-journal.json';

/**
 * Undoes a change that was interrupted (the process killed between its first write and its end):
 * every file goes back to its text before, then the journal goes. Returns the files restored.
 */
export async function recoverJournal(root: string): Promise<string[]> {
  const text = await readOptional(root, JOURNAL);
  if (text === undefined) return [];
  let entries: { file: string; before: string | null }[];
  try {
    const parsed = JSON.parse(text) as { changes?: unknown };
    if (!Array.isArray(parsed.changes)) throw new Error('no changes');
    entries = parsed.changes as { file: string; before: string | null }[];
    for (const e of entries)
      if (
        typeof e.file !== 'string' ||
        (e.before !== null && typeof e.before !== 'string') ||
        e.file.startsWith('/') ||
        e.file.split(/[\\/]/).includes('..')
      )
        throw new Error('bad entry');
  } catch {
    throw new ToolError(
      `${JOURNAL}: an interrupted change left a journal that does not parse ` +
        `(expected {changes: [{file, before}]}); restore the files with git ` +
        `and delete it`,
    );
  }
  await restore(
    root,
    entries.map((e) => ({ file: e.file, before: e.before ?? undefined, after: '' })),
  );
  // a kill between writeFileAtomic's write and its rename leaves the temporary file beside the target
  for (const e of entries) await removeAtomicLeftovers(path.join(root, e.file));
  await rm(path.join(root, JOURNAL), { force: true });
  return entries.map((e) => e.file);
}

/** Lines about error findings that were there before the change. */
export function preexistingLines(preexisting: readonly Finding[]): string[] {
  if (preexisting.length === 0) return [];
  return [
    `warning: ${preexisting.length} error finding(s) were already there ` +
      `before this change (not caused by it; npm run validate lists them):`,
    describeFindings(preexisting, 5),
  ];
}
