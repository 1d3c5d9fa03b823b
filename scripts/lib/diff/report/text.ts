/** Lines shared by the pretty and markdown formats. */
import type { ResourceChange } from '../compare.js';
import { formatSegments, showValue, type FieldChange } from '../fields.js';
import { identityLabel } from '../snapshot.js';

/** "- path: before" / "+ path: after" lines of one field change, as a unified diff shows them. */
export function fieldLines(f: FieldChange): string[] {
  const path = formatSegments(f.path) || '(whole object)';
  const out: string[] = [];
  if (f.op !== 'add') out.push(`- ${path}: ${showValue(f.before)}`);
  if (f.op !== 'remove') out.push(`+ ${path}: ${showValue(f.after)}`);
  return out;
}

export function resourceTitle(c: ResourceChange): string {
  return identityLabel(c.identity);
}
