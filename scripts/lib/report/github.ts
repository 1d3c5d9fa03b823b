import type { ReportInput } from './types.js';

const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: one ::error / ::warning / ::notice line per finding. */
export function githubReport(input: ReportInput): string {
  const lines = input.findings
    .filter((f) => !f.waived)
    .map((f) => {
      const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      return (
        `::${command} file=${property(f.file)},line=${Math.max(1, f.line)}` +
        `,title=${property(`${f.ruleId} ${f.unit}`)}::` +
        `${data(`${f.message}${f.path ? ` (at ${f.path})` : ''}`)}`
      );
    });
  const s = input.summary;
  lines.push(`${s.error} errors, ${s.warning} warnings, ${s.waived} waived in ${s.resources} resources`);
  return `${lines.join('\n')}\n`;
}
