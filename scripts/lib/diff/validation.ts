/**
 * What validate says about a pull request, for the diff comment: the head's summary and its
 * blocking findings (unwaived errors), those the base does not have singled out as new.
 */
import type { Finding, Summary } from '../findings.js';
import { messageShape } from '../report/collapse.js';
import type { ValidateResult } from '../validate/run.js';
import { validate } from '../validate/run.js';

export interface DiffValidation {
  /** the head's counts (every finding) */
  readonly summary: Summary;
  /** the head's unwaived errors */
  readonly blocking: readonly Finding[];
  /** of those, the ones the base does not have (all of them when the base could not be validated) */
  readonly newBlocking: readonly Finding[];
  /** why the base was not compared, if it was not */
  readonly baseNote?: string | undefined;
  /** validate could not run on the head (a usage or tool error): its one-line message */
  readonly error?: string | undefined;
}

/** validate on a tree (every deploy target, nothing written); an error instead of a throw. */
export async function validateTree(tree: string): Promise<ValidateResult | Error> {
  try {
    return await validate({ root: tree, paths: [], cwd: tree, writeRendered: false });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The same finding on both sides: rule, unit, resource, field and message (lines move; they are not compared). */
function sameness(f: Finding): string {
  const r = f.resource;
  return [f.ruleId, f.unit, r?.kind, r?.namespace, r?.name, f.path, messageShape(f)].join('\u0000');
}

export function compareValidation(
  head: ValidateResult | Error,
  base: ValidateResult | Error | undefined,
): DiffValidation {
  if (head instanceof Error)
    return {
      summary: { error: 0, warning: 0, info: 0, waived: 0, resources: 0, units: 0 },
      blocking: [],
      newBlocking: [],
      error: head.message,
    };
  const blocking = head.findings.filter((f) => f.severity === 'error' && !f.waived);
  if (!base || base instanceof Error)
    return {
      summary: head.summary,
      blocking,
      newBlocking: blocking,
      baseNote: base ? `the base could not be validated (${base.message})` : 'the base was not validated',
    };
  const before = new Set(base.findings.filter((f) => f.severity === 'error' && !f.waived).map(sameness));
  return { summary: head.summary, blocking, newBlocking: blocking.filter((f) => !before.has(sameness(f))) };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "validate on the head: 3 errors (1 new in this change), 2 warnings, 4 waived in 372 resources" */
export function validationSummary(v: DiffValidation): string {
  if (v.error) return `validate could not run on the head: ${v.error}`;
  const s = v.summary;
  const fresh = v.baseNote ? '' : ` (${v.newBlocking.length} new in this change)`;
  return (
    `validate on the head: ${plural(s.error, 'error')}${fresh}, ${plural(s.warning, 'warning')}, ` +
    `${s.waived} waived in ${plural(s.resources, 'resource')}` +
    `${v.baseNote ? `; ${v.baseNote}, so every error is listed` : ''}`
  );
}
