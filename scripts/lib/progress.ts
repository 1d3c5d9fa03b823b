/**
 * What a long run prints while it works: one progress line per target on stderr (on a terminal,
 * or with --progress; quiet in CI logs otherwise), and, for the pretty format on stdout, each
 * target's findings as soon as that target is checked; the report's end (cross-target findings
 * and the summary) follows when everything is done.
 */
import type { Finding } from './findings.js';
import { sortFindings } from './findings.js';
import { prettyReport } from './report/pretty.js';
import type { Unit } from './model/types.js';

export interface ProgressOptions {
  /** progress lines on stderr */
  readonly progress: boolean;
  /** pretty findings per target on stdout as they come */
  readonly stream: boolean;
  readonly color: boolean;
  readonly err?: NodeJS.WritableStream;
  readonly out?: NodeJS.WritableStream;
}

export class Progress {
  private readonly streamed = new Set<Finding>();
  private readonly started = performance.now();

  constructor(private readonly options: ProgressOptions) {}

  /** For ValidateRequest.onUnit. */
  readonly onUnit = (unit: Unit, findings: readonly Finding[], done: number, total: number): void => {
    if (this.options.progress) {
      const count = (s: string) => findings.filter((f) => f.severity === s && !f.waived).length;
      const secs = ((performance.now() - this.started) / 1000).toFixed(1);
      (this.options.err ?? process.stderr).write(
        `[${done}/${total}] ${unit.name}: ${unit.resources.length} resources, ` +
          `${count('error')} errors, ${count('warning')} warnings (${secs} s)\n`,
      );
    }
    if (this.options.stream && findings.length > 0) {
      const text = prettyReport({
        findings: sortFindings([...findings]),
        summary: { error: 0, warning: 0, info: 0, waived: 0, resources: 0, units: 0 },
        rules: [],
        units: [],
        color: this.options.color,
      });
      // everything but the summary line, which comes once at the end
      (this.options.out ?? process.stdout).write(text.replace(/[^\n]*\n$/, ''));
      for (const f of findings) this.streamed.add(f);
    }
  };

  /** The findings not printed yet (cross-target ones), for the final report. */
  remaining(findings: readonly Finding[]): Finding[] {
    return findings.filter((f) => !this.streamed.has(f));
  }
}
