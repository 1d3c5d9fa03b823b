/**
 * Module hook for the mutation run (tests/mutation/mutate.ts): a module URL with `?mutant=<file>` is
 * served from that file (a mutated copy of the module's TypeScript), transpiled here; its own
 * imports resolve as the original module's would (the URL is the original's), so they are shared.
 */
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

const MARK = '?mutant=';

export async function load(url, context, nextLoad) {
  const at = url.indexOf(MARK);
  if (at < 0) return nextLoad(url, context);
  const source = await readFile(decodeURIComponent(url.slice(at + MARK.length)), 'utf8');
  const out = ts.transpileModule(source, {
    fileName: new URL(url.slice(0, at)).pathname,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}
