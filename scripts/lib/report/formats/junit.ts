import { junitReport } from '../junit.js';
import type { ReportFormatDef } from '../types.js';

export const format: ReportFormatDef = {
  name: 'junit',
  order: 2,
  description: 'JUnit XML: a testcase per rule, its failures listed in the failure body',
  render: junitReport,
};
