// First, so that every command runs with V8's tier-up budget set (see v8-tuning.ts).
import './v8-tuning.js';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, describeError, exitCodeFor } from './errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<O extends Options> {
  values: {
    [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
  };
  positionals: string[];
}

/** Strict argument parsing: an unknown flag or a missing value is a UsageError naming the flag. */
export function parseCli<O extends Options>(argv: string[], options: O, allowPositionals = true): Parsed<O> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
    return { values: values as Parsed<O>['values'], positionals };
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional.*$/s, '')} (see --help)`);
  }
}

export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/**
 * Runs a command's main function: prints help when asked (given as a function when it needs modules
 * that are loaded lazily), turns expected errors into one line on stderr and an exit code (0 ok,
 * 1 findings, 2 usage or tool failure). The main function returns its own exit code for a
 * completed run.
 */
export async function runMain(
  name: string,
  helpText: string | (() => Promise<string>),
  main: (argv: string[]) => Promise<number>,
): Promise<void> {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    const help = typeof helpText === 'string' ? helpText : await helpText();
    process.stdout.write(help.endsWith('\n') ? help : `${help}\n`);
    return;
  }
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    process.stderr.write(`${name}: ${describeError(error)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
