/**
 * The three ways a command can end badly, each with its own exit code.
 * Only the entry layer (scripts/lib/cli.ts) turns them into exit codes.
 */

/** The command line is wrong: unknown flag, missing argument, bad value. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Something outside our control failed or was missing: kustomize not found or failing,
 * git failing, a file that cannot be read or parsed. The message names the file or tool.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

/** The run completed and found problems (error findings, refused change). */
export class FindingsError extends Error {
  override readonly name = 'FindingsError';
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(error: unknown): number {
  if (error instanceof FindingsError) return EXIT_FINDINGS;
  return EXIT_USAGE;
}

/** One line, never a stack trace, for errors we expect; unexpected ones keep their stack for a bug report. */
export function describeError(error: unknown): string {
  if (error instanceof UsageError || error instanceof ToolError || error instanceof FindingsError) {
    return error.message;
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    // Node system errors (ENOENT, EACCES...) carry the path in the message already.
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
