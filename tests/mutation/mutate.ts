/**
 * Mutation check of the rule modules against their case tables (tests/rules/<group>/<RULE-ID>.cases.ts).
 *
 * For each module that exports registered rules (validate and diff), every condition is broken in
 * turn (an if or ?: condition negated, a comparison or equality flipped, && <-> ||, a `!` dropped, a
 * `continue` or an early `return` removed, true <-> false), the mutated module is loaded in process
 * (tests/mutation/hooks.mjs) and its rules' tables run against it. A mutant is killed when a case
 * fails (or throws). Loop conditions are left alone: a flipped one can loop forever in process.
 *
 * Usage: npm run mutation [-- [--threshold N] [--module <substring>] [--quiet]]
 * Exit codes: 0 score >= threshold, 1 below it, 2 usage or tool error.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EQUIVALENT } from './equivalent.js';
import { mutantsOf } from './mutants.js';

const HELP = `Usage: npm run mutation [-- options]

Breaks each condition of every rule module in turn and runs that rule's case table (tests/rules/)
against the mutant, in process. Prints the survivors per module and the score (killed / mutants).

Options:
  --threshold N        fail (exit 1) below N % killed (default 85)
  --module TEXT        only modules whose path contains TEXT
  --quiet              only the summary
  -h, --help           this text

Exit codes: 0 score at or above the threshold, 1 below it, 2 usage or tool error.`;

interface Options {
  threshold: number;
  module: string | undefined;
  quiet: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { threshold: 85, module: undefined, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') {
      console.log(HELP);
      process.exit(0);
    } else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--threshold' || arg === '--module') {
      const value = argv[++i];
      if (value === undefined) usage(`${arg} needs a value`);
      if (arg === '--threshold') {
        options.threshold = Number(value);
        if (!Number.isFinite(options.threshold) || options.threshold < 0 || options.threshold > 100)
          usage(`--threshold ${value}: expected a number from 0 to 100`);
      } else options.module = value;
    } else usage(`unknown option ${arg}`);
  }
  return options;
}

function usage(message: string): never {
  console.error(`mutation: ${message} (see --help)`);
  process.exit(2);
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const MODULE_DIRS = ['scripts/lib/validate/rules', 'scripts/lib/diff/rules'];

function moduleFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
  return MODULE_DIRS.flatMap((d) => walk(path.join(ROOT, d))).sort();
}

interface Tested {
  readonly id: string;
  /** runs the rule's table against a rule object; a problem, or undefined when every case passes */
  run(rule: unknown): Promise<string | undefined>;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  register(pathToFileURL(path.join(ROOT, 'tests/mutation/hooks.mjs')).href);
  const tester = await import('../rules/tester.js');
  const tables = new Map((await tester.loadTables()).map((t) => [t.table.rule, t.table]));
  const testedOf = (id: string): Tested | undefined => {
    const table = tables.get(id);
    if (!table || tester.isExternal(table)) return undefined;
    return {
      id,
      async run(rule) {
        for (const c of [...table.valid, ...table.invalid]) {
          try {
            const problem = tester.isDiff(table)
              ? tester.checkDiffCase(table, c as never, rule as never)
              : await tester.checkCase(table, c as never, rule as never, { groupClean: false });
            if (problem) return `${c.name}: ${problem.split('\n')[0]}`;
          } catch (error) {
            return `${c.name}: threw ${(error as Error).message.split('\n')[0]}`;
          }
        }
        return undefined;
      },
    };
  };
  const isRule = (v: unknown): v is { id: string } =>
    typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' && 'check' in v;

  const dir = mkdtempSync(path.join(os.tmpdir(), 'zarish-mutants-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      cleanup();
      process.exit(2);
    });

  let killed = 0;
  let total = 0;
  let equivalent = 0;
  const summary: string[] = [];
  const started = performance.now();
  for (const file of moduleFiles()) {
    const rel = path.relative(ROOT, file);
    if (options.module && !rel.includes(options.module)) continue;
    const original = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const exported = Object.entries(original).filter(([, v]) => isRule(v)) as [string, { id: string }][];
    const tested = exported.map(([name, r]) => [name, testedOf(r.id)] as const).filter(([, t]) => t) as [
      string,
      Tested,
    ][];
    if (tested.length === 0) continue;
    const source = readFileSync(file, 'utf8');
    let n = 0;
    let k = 0;
    const survivors: string[] = [];
    for (const [i, m] of mutantsOf(rel, source).entries()) {
      const key = `${rel}:${m.line}:${m.column} ${m.operator}`;
      const reason = EQUIVALENT[key];
      if (reason) {
        equivalent++;
        if (!options.quiet) survivors.push(`  ${key}  equivalent: ${reason}`);
        continue;
      }
      const mutated = source.slice(0, m.start) + m.to + source.slice(m.end);
      const mutantFile = path.join(dir, `${path.basename(file, '.ts')}-${i}.ts`);
      writeFileSync(mutantFile, mutated);
      n++;
      let dead = false;
      try {
        const mod = (await import(`${pathToFileURL(file).href}?mutant=${encodeURIComponent(mutantFile)}`)) as Record<
          string,
          unknown
        >;
        for (const [name, t] of tested) {
          if ((await t.run(mod[name])) !== undefined) {
            dead = true;
            break;
          }
        }
      } catch {
        dead = true; // a mutant that does not load is killed by any test
      }
      rmSync(mutantFile, { force: true });
      if (dead) k++;
      else survivors.push(`  ${key}  ${m.from.replace(/\s+/g, ' ').slice(0, 60)} -> ${m.to.slice(0, 40)}`);
    }
    killed += k;
    total += n;
    const ids = tested.map(([, t]) => t.id).join(', ');
    const score = n === 0 ? 100 : (100 * k) / n;
    summary.push(`${score.toFixed(0).padStart(4)} %  ${String(k).padStart(3)}/${String(n).padEnd(3)} ${rel} (${ids})`);
    if (!options.quiet && survivors.length > 0) console.log(`${rel} (${ids}): survivors\n${survivors.join('\n')}`);
  }
  const score = total === 0 ? 100 : (100 * killed) / total;
  console.log(`\n${summary.join('\n')}`);
  console.log(
    `\nmutation score: ${score.toFixed(1)} % (${killed} of ${total} mutants killed; ${equivalent} listed as ` +
      `equivalent; ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  if (score < options.threshold) {
    console.error(`mutation: score ${score.toFixed(1)} % is below the threshold ${options.threshold} %`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`mutation: ${(error as Error).message.split('\n')[0]}`);
    process.exit(2);
  },
);
