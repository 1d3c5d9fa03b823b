import { writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { renderApplicationSetsSettled } from './scripts/lib/appset/index.js';
import { FIXTURES, inputFor } from './tests/appset/fixture-input.js';
const write = process.argv.includes('--write');
for (const name of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
  const dir = join(FIXTURES, name);
  const r = await renderApplicationSetsSettled(inputFor(dir));
  console.log(`== ${name}: ${r.applications.length} apps, errors: ${r.errors.map((e) => e.message.slice(0, 300)).join(' | ')}`);
  if (!write) console.log(r.applications.map((a) => stringify(a.application)).join('---\n'));
  if (write && r.errors.length === 0 && !existsSync(join(dir, 'expected-error.txt'))) writeFileSync(join(dir, 'expected.yaml'), r.applications.map((a) => stringify(a.application)).join('---\n'));
}
