/**
 * What a long run prints while it works: one progress line per target on stderr (on a terminal,
 * or with --progress; quiet in CI logs otherwise), and, for the pretty format on stdout, each
 * target's errors and warnings as soon as that target is checked (one line each, a root cause an
 * earlier target printed left out); the grouped report follows when everything is done.
 */
import type { Finding } from './findings.js';
import { streamedLines } from './report/pretty.js';
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
  private readonly streamed = new Set<string>();
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
    if (this.options.stream) {
      const text = streamedLines(findings, this.streamed, this.options.color);
      if (text) (this.options.out ?? process.stdout).write(text);
    }
  };
}
