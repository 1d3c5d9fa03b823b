import { pathToFileURL } from 'node:url';
import type { Severity } from '../findings.js';
import { RULES_DOC_URL, ruleDocUrl, sarifHelp } from '../rules/docs.js';
import type { ReportInput } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Where the rules are documented: docs/rules.md, one section per rule (helpUri is the rule's section). */
export const RULES_DOC_URI = RULES_DOC_URL;

/** SARIF 2.1.0 as GitHub code scanning accepts it: rules in the driver, repo-relative URIs, startLine >= 1. */
export function sarifReport(input: ReportInput): string {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.id, i]));
  const rules = input.rules.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    defaultConfiguration: { level: LEVEL[r.severity] },
    helpUri: ruleDocUrl(r.id),
    help: sarifHelp(r),
    properties: { tags: ['kubernetes', 'gitops'] },
  }));
  const results = input.findings.map((f) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message}${f.path ? ` (at ${f.path})` : ''} [${f.unit}]` },
    // Repo-relative paths resolve against the checkout; a file outside the repo gets an absolute file:// URI.
    locations: [
      {
        physicalLocation: {
          artifactLocation: f.file.startsWith('/')
            ? { uri: pathToFileURL(f.file).href }
            : { uri: f.file, uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, f.line) },
        },
      },
    ],
    partialFingerprints: {
      primaryLocationLineHash: `${f.ruleId}:${f.unit}:${f.resource?.kind ?? ''}/${f.resource?.name ?? ''}:${f.path}`,
    },
    ...(f.waived ? { suppressions: [{ kind: 'inSource', justification: f.waived.reason }] } : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'zarish-his-validate',
            informationUri: 'https://github.com/zarishsphere/zarish-his-gitops',
            version: '0.1.0',
            rules,
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
