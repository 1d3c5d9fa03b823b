import { githubReport } from '../github.js';
import type { ReportFormatDef } from '../types.js';

export const format: ReportFormatDef = {
  name: 'github',
  order: 4,
  description: 'GitHub Actions annotations (a workflow command per unwaived finding)',
  render: githubReport,
};
