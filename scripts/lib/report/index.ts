/**
 * The report formats of validate. Adding a format is one file: a module in ./formats/ that exports
 * `format: ReportFormatDef` (name, one-line description, render). The registry finds the modules
 * in that directory when a command starts; --format, --report, --help and their errors list them.
 */
import { readdirSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { ReportFormatDef, ReportInput } from './types.js';

export * from './types.js';

const DIR = new URL('./formats/', import.meta.url);

let loaded: Promise<readonly ReportFormatDef[]> | undefined;

function isFormat(value: unknown): value is ReportFormatDef {
  const v = value as Partial<ReportFormatDef> | undefined;
  return typeof v?.name === 'string' && typeof v.description === 'string' && typeof v.render === 'function';
}

/** Every format of ./formats/, in order (pretty first). */
export function reportFormats(): Promise<readonly ReportFormatDef[]> {
  loaded ??= (async () => {
    const files = readdirSync(DIR)
      .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
    const formats: ReportFormatDef[] = [];
    for (const file of files) {
      const mod = (await import(new URL(file, DIR).href)) as { format?: unknown };
      if (!isFormat(mod.format))
        throw new Error(
          `scripts/lib/report/formats/${file}: expected an export "format" with name, description, render`,
        );
      formats.push(mod.format);
    }
    return formats.sort((a, b) => (a.order ?? 99) - (b.order ?? 99) || a.name.localeCompare(b.name));
  })();
  return loaded;
}

/** The format named `name`; a usage error naming the known ones (`flag` says which option). */
export async function reportFormat(name: string, flag = '--format'): Promise<ReportFormatDef> {
  const formats = await reportFormats();
  const found = formats.find((f) => f.name === name);
  if (!found) throw new UsageError(`${flag} ${name}: expected one of ${formats.map((f) => f.name).join(', ')}`);
  return found;
}

export async function formatReport(name: string, input: ReportInput): Promise<string> {
  return (await reportFormat(name)).render(input);
}
