import { prettyReport } from '../pretty.js';
import type { ReportFormatDef } from '../types.js';

export const format: ReportFormatDef = {
  name: 'pretty',
  order: 0,
  description: 'for people: findings grouped by source location, errors first (--show waived,info)',
  render: prettyReport,
};
