import { requirePackageWithCodeCache } from '../../../schema/code-cache.js';
import type { Finding } from '../../../findings.js';
import { asArray, asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { PROMETHEUS, specOf } from './shared.js';

// The grammar (and lezer) is loaded when the first expression is parsed, not at start; its CommonJS
// build, so the load can be synchronous.
type PromQL = typeof import('@prometheus-io/lezer-promql');
/** the CommonJS builds of the grammar and lezer, with V8's code cache (schema/code-cache.ts) */
const LEZER = /[\\/]node_modules[\\/](?:@lezer|@prometheus-io)[\\/][^\\/]+[\\/]dist[\\/]index\.cjs$/;
let grammar: PromQL | undefined;
const promql = (): PromQL => {
  grammar ??= requirePackageWithCodeCache('@prometheus-io/lezer-promql', LEZER) as PromQL;
  return grammar;
};

/** The first syntax error of a PromQL expression (offset into the text), or undefined when it parses. */
export function promqlError(expr: string): { offset: number; near: string } | undefined {
  if (expr.trim() === '') return { offset: 0, near: '' };
  const tree = promql().parser.parse(expr);
  let found: number | undefined;
  tree.iterate({
    enter(node) {
      if (found !== undefined) return false;
      if (node.type.isError) found = node.from;
      return undefined;
    },
  });
  if (found === undefined) return undefined;
  return { offset: found, near: expr.slice(found, found + 20).split('\n')[0] ?? '' };
}

/** "line 2, column 7" of an offset in a (possibly multi-line) text. */
export function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1}`;
}

/**
 * OPR-PROM-01: every PrometheusRule expr parses with the PromQL grammar of the Prometheus project
 * (@prometheus-io/lezer-promql); Prometheus rejects the whole rule file when one does not, and prometheus-operator
 * rejects the PrometheusRule in its admission webhook.
 */
export const promqlParses: Rule = {
  id: 'OPR-PROM-01',
  name: 'promql-parses',
  group: 'operators',
  severity: 'error',
  scope: 'resource',
  description:
    "Every PrometheusRule expr parses as PromQL (the Prometheus project's grammar, @prometheus-io/lezer-promql).",
  remediation:
    'Fix the PromQL syntax at the position named (unbalanced brackets, a misspelt function or operator); ' +
    'check it with promtool.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, PROMETHEUS, 'PrometheusRule')) {
      asArray(specOf(r).groups).forEach((g, gi) => {
        asArray(asObj(g).rules).forEach((rule, ri) => {
          const { expr, alert, record } = asObj(rule);
          if (typeof expr !== 'string') return;
          const error = promqlError(expr);
          if (!error) return;
          const what =
            typeof alert === 'string'
              ? `alert ${alert}`
              : typeof record === 'string'
                ? `record ${record}`
                : `rule ${ri}`;
          const detail =
            expr.trim() === ''
              ? 'is empty'
              : `does not parse at ${position(expr, error.offset)} of the expression` +
                `${error.near ? ` (near "${error.near}")` : ' (unexpected end)'}`;
          out.push(
            ctx.report(
              r,
              ['spec', 'groups', gi, 'rules', ri, 'expr'],
              `PrometheusRule ${nameOf(r)}, ${what}: expr ${detail}; Prometheus ` +
                `rejects the rule file: expected a valid PromQL expression`,
            ),
          );
        });
      });
    }
    return out;
  },
};
