import { jsonDiffReport } from './json.js';
import { markdownDiffReport } from './markdown.js';
import type { DiffFormat, DiffReport } from './model.js';
import { prettyDiffReport } from './pretty.js';

export * from './model.js';
export { markdownDiffReport, MARKDOWN_LIMIT } from './markdown.js';

export function formatDiffReport(format: DiffFormat, report: DiffReport, color = false): string {
  switch (format) {
    case 'pretty':
      return prettyDiffReport(report, color);
    case 'markdown':
      return markdownDiffReport(report);
    case 'json':
      return jsonDiffReport(report);
  }
}
