import { sarifReport } from '../sarif.js';
import type { ReportFormatDef } from '../types.js';

export const format: ReportFormatDef = {
  name: 'sarif',
  order: 3,
  description: 'SARIF 2.1.0 for code scanning (a result per finding)',
  render: sarifReport,
};
