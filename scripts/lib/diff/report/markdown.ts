import type { Finding } from '../../findings.js';
import type { AppDiff } from '../compare.js';
import { affectedText, causeMessage, collapseFindings } from '../../report/collapse.js';
import { formatSegments } from '../fields.js';
import { validationSummary, type DiffValidation } from '../validation.js';
import { changedApplications, COMMENT_MARKER, plural, sideLabel, splitFindings, type DiffReport } from './model.js';
import { fieldLines, resourceTitle } from './text.js';

/** GitHub refuses comments over 65536 characters; GitLab notes allow about 1 MB. Stay well below. */
export const MARKDOWN_LIMIT = 60_000;

/** Text for one table cell: no line breaks, no unescaped pipes. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

const FENCE = '````';

function findingRow(f: Finding, withResource: boolean): string {
  const icon = f.waived
    ? '✅ acknowledged'
    : f.severity === 'error'
      ? '⛔ blocking'
      : f.severity === 'warning'
        ? '⚠️ warning'
        : 'ℹ️ info';
  const resource = f.resource
    ? `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name ?? ''}`
    : '';
  const where = `${code(`${f.file}:${f.line}`)}${f.path ? ` ${code(f.path)}` : ''}`;
  return withResource
    ? `| ${icon} | ${f.ruleId} | ${code(f.unit)} | ${cell(resource)} | ${where} | ${cell(f.message)} |`
    : `| ${icon} | ${f.ruleId} | ${code(f.unit)} | ${cell(f.message)} |`;
}

function fieldsCell(app: AppDiff, index: number): string {
  const c = app.changed[index];
  if (!c) return '';
  const paths = [...new Set(c.fields.map((f) => formatSegments(f.path)))];
  const shown = paths.slice(0, 4).map(code).join(', ');
  return paths.length > 4 ? `${shown} and ${paths.length - 4} more` : shown;
}

function applicationSection(app: AppDiff, withDetails: boolean): string[] {
  const lines = [`### ${app.environment} · ${app.cluster} — ${code(app.name)}`, ''];
  if (app.status === 'added' || app.status === 'removed') {
    const list = app.status === 'added' ? app.added : app.removed;
    lines.push(`**Application ${app.status}** with ${plural(list.length, 'resource')}.`, '');
    if (withDetails) {
      lines.push(
        `<details><summary>Resources ${app.status === 'added' ? 'created' : 'no longer managed'}</summary>`,
        '',
      );
      for (const c of list) lines.push(`- ${cell(resourceTitle(c))}`);
      lines.push('', '</details>', '');
    }
    return lines;
  }
  if (app.application.length > 0) {
    lines.push(
      '**Application changed** (what Argo CD is told: project, destination, source, sync policy):',
      '',
      `${FENCE}diff`,
    );
    for (const f of app.application) lines.push(...fieldLines(f).map((l) => l.replace(/````/g, "'''")));
    lines.push(FENCE, '');
  }
  if (app.added.length + app.removed.length + app.changed.length === 0) return lines;
  lines.push('| Change | Resource | Fields |', '|---|---|---|');
  for (const c of app.removed) lines.push(`| ➖ removed | ${cell(resourceTitle(c))} | |`);
  for (const c of app.added) lines.push(`| ➕ added | ${cell(resourceTitle(c))} | |`);
  app.changed.forEach((c, i) => {
    lines.push(`| ✏️ changed | ${cell(resourceTitle(c))} | ${fieldsCell(app, i)} |`);
  });
  lines.push('');
  if (withDetails && app.changed.length > 0) {
    const count = app.changed.reduce((n, c) => n + c.fields.length, 0);
    lines.push(`<details><summary>Field changes (${count})</summary>`, '', `${FENCE}diff`);
    for (const c of app.changed) {
      lines.push(`@@ ${resourceTitle(c)} @@`);
      for (const f of c.fields) lines.push(...fieldLines(f).map((l) => l.replace(/````/g, "'''")));
    }
    lines.push(FENCE, '', '</details>', '');
  }
  return lines;
}

/** validate's verdict on the head: its counts and the error findings this change brings (collapsed by root cause). */
function validationSection(v: DiffValidation): string[] {
  const lines = ['### Validation', '', `${validationSummary(v)}.`, ''];
  const causes = collapseFindings(v.newBlocking);
  if (causes.length === 0) return lines;
  lines.push(
    v.baseNote ? 'Errors on the head:' : 'Errors this change brings (not on the base):',
    '',
    '| Rule | Where | Message | Affects |',
    '|---|---|---|---|',
  );
  // the comment has a size limit: at most 50 rows, the rest counted
  for (const c of causes.slice(0, 50)) {
    const f = c.finding;
    lines.push(
      `| ${f.ruleId} | ${code(`${f.file}:${f.line}`)}${f.path ? ` ${code(f.path)}` : ''} | ` +
        `${cell(causeMessage(c))} | ${cell(affectedText(c))} |`,
    );
  }
  if (causes.length > 50) lines.push('', `_and ${causes.length - 50} more: run \`npm run validate\` to see them._`);
  lines.push('');
  return lines;
}

function render(report: DiffReport, withDetails: boolean): string {
  const { diff, summary } = report;
  const { deletions, others } = splitFindings(report.findings);
  const apps = changedApplications(diff);
  const lines = [COMMENT_MARKER, '## Rendered manifest diff', ''];
  const appCount = summary.applications.changed + summary.applications.added + summary.applications.removed;
  const resourceCount = summary.resources.added + summary.resources.removed + summary.resources.changed;
  lines.push(
    `Base ${code(sideLabel(diff.base))} → head ${code(sideLabel(diff.head))}: ` +
      `${plural(appCount, 'Application')} affected, ` +
      `${summary.resources.added} added, ${summary.resources.removed} removed, ` +
      `${summary.resources.changed} changed ${resourceCount === 1 ? 'resource' : 'resources'}.`,
    '',
  );
  if (summary.blocking > 0) {
    lines.push(
      '> [!CAUTION]',
      `> **${plural(summary.blocking, 'blocking finding')}.** Deletions can ` +
        `be acknowledged with the \`allow-deletions\` label ` +
        `(\`--allow-deletions\`); changes to immutable fields cannot.`,
      '',
    );
  } else if (summary.acknowledged > 0) {
    lines.push(
      '> [!WARNING]',
      `> ${plural(summary.acknowledged, 'deletion')} acknowledged with \`allow-deletions\`.`,
      '',
    );
  }
  if (deletions.length > 0) {
    lines.push('### Deletions', '', '| | Rule | Application | What happens |', '|---|---|---|---|');
    for (const f of deletions) lines.push(findingRow(f, false));
    lines.push('');
  }
  if (others.length > 0) {
    lines.push(
      '### Findings',
      '',
      '| | Rule | Application | Resource | Where | Message |',
      '|---|---|---|---|---|---|',
    );
    for (const f of others) lines.push(findingRow(f, true));
    lines.push('');
  }
  if (report.validation) lines.push(...validationSection(report.validation));
  if (apps.length === 0) {
    lines.push('No rendered resource or Application changes.', '');
  } else {
    lines.push(
      '### Summary',
      '',
      '| Environment | Cluster | Application | Status | Added | Removed | Changed |',
      '|---|---|---|---|--:|--:|--:|',
    );
    for (const a of apps)
      lines.push(
        `| ${a.environment} | ${a.cluster} | ${code(a.name)} | ${a.status} | ` +
          `${a.added.length} | ${a.removed.length} | ${a.changed.length} |`,
      );
    if (summary.applications.unchanged > 0)
      lines.push('', `${plural(summary.applications.unchanged, 'other Application')} unchanged.`);
    lines.push('');
    for (const a of apps) lines.push(...applicationSection(a, withDetails));
  }
  if (!withDetails)
    lines.push(
      `_Field-level details are left out: the full diff exceeds ` +
        `${MARKDOWN_LIMIT} characters. Run \`npm run diff -- --base ` +
        `${diff.base.label}\` locally to see them._`,
      '',
    );
  lines.push(
    `<sub>npm run diff · ${plural(summary.blocking, 'blocking finding')}, ` +
      `${plural(summary.warnings, 'warning')}, ${summary.acknowledged}` +
      ` acknowledged</sub>`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * A pull-request comment: the hidden marker first, deletions, findings, a summary table of the
 * affected Applications (environment, cluster), then one table per Application with its field
 * changes folded in <details>. Details are dropped when the comment would be too long.
 */
export function markdownDiffReport(report: DiffReport): string {
  const full = render(report, true);
  return full.length <= MARKDOWN_LIMIT ? full : render(report, false);
}
