import { codeQualityReport } from '../codequality.js';
import type { ReportFormatDef } from '../types.js';

export const format: ReportFormatDef = {
  name: 'codequality',
  order: 5,
  description: "GitLab's Code Quality report (inline merge-request annotations)",
  render: codeQualityReport,
};
