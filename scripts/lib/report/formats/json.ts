import { jsonReport } from '../json.js';
import type { ReportFormatDef } from '../types.js';

export const format: ReportFormatDef = {
  name: 'json',
  order: 1,
  description: 'every finding, the root causes they collapse into, and the summary',
  render: jsonReport,
};
