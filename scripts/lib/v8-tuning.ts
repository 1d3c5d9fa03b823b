/**
 * V8's tier-up budget for this tool's processes, set once when the command line module loads
 * (before any command runs). V8 optimizes a function with Turbofan after a budget of interpreted
 * work; at its default (67,584 bytecode units) a validate of the repo, a two-second process,
 * optimizes about 250 functions on background threads, most of which run a few more times and
 * never repay their compile. Sixteen times that budget leaves only the really hot code (the YAML
 * reader, the schema validators) to be optimized: validate --no-cache on the repo then takes about
 * a sixth less CPU (3.72 to 3.17 s, medians of 7 interleaved runs on the 2-core machine), and the
 * 10,000-resource stream no more (5.65 to 4.83 s, medians of 5). Four times was between the two;
 * 32 times was slower on the stream. `node --interrupt-budget=N` still decides when given.
 */
import v8 from 'node:v8';

/** V8's default interrupt budget, bytecode units (V8 11.3, Node 20). */
export const V8_DEFAULT_INTERRUPT_BUDGET = 67_584;
export const INTERRUPT_BUDGET = 16 * V8_DEFAULT_INTERRUPT_BUDGET;

/** Whether this process's own command line sets the budget (then it is left alone). */
export const budgetFromCommandLine = (execArgv: readonly string[]): boolean =>
  execArgv.some((a) => /^--interrupt[-_]budget(?:=|$)/.test(a));

if (!budgetFromCommandLine(process.execArgv)) v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
