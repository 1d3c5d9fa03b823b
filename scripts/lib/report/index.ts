import { codeQualityReport } from './codequality.js';
import { githubReport } from './github.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { prettyReport } from './pretty.js';
import { sarifReport } from './sarif.js';
import type { ReportFormat, ReportInput } from './types.js';

export * from './types.js';

export function formatReport(format: ReportFormat, input: ReportInput): string {
  switch (format) {
    case 'pretty':
      return prettyReport(input);
    case 'json':
      return jsonReport(input);
    case 'junit':
      return junitReport(input);
    case 'sarif':
      return sarifReport(input);
    case 'github':
      return githubReport(input);
    case 'codequality':
      return codeQualityReport(input);
  }
}
