/** Editor and hook configuration point at real files: .vscode/settings.json and .pre-commit-config.yaml. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from './helpers.js';

/** Files matching a VS Code glob (only * within a segment, and a leading **), relative to ROOT. */
function glob(pattern: string): string[] {
  const all: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else all.push(rel);
    }
  };
  walk('');
  const anyDir = pattern.startsWith('**/');
  const body = (anyDir ? pattern.slice(3) : pattern).replace(/\./g, '\\.').replace(/\*/g, '[^/]*');
  const re = new RegExp(`^${anyDir ? '(?:.*/)?' : ''}${body}$`);
  return all.filter((f) => re.test(f));
}

describe('.vscode/settings.json', () => {
  const settings = JSON.parse(readFileSync(path.join(ROOT, '.vscode/settings.json'), 'utf8')) as { 'yaml.schemas': Record<string, string[]> };

  it('maps every repo schema to files that exist and hold that kind', () => {
    for (const [schema, patterns] of Object.entries(settings['yaml.schemas'])) {
      for (const pattern of patterns) expect(glob(pattern).length, `${schema}: ${pattern} matches no file`).toBeGreaterThan(0);
      if (!schema.startsWith('./schemas/')) continue;
      expect(existsSync(path.join(ROOT, schema)), schema).toBe(true);
      const kind = path.basename(schema).split('_')[0] as string;
      for (const file of patterns.flatMap(glob)) {
        const kinds = parseAllDocuments(readFileSync(path.join(ROOT, file), 'utf8')).map((d) => String((d.toJS() as { kind?: string } | null)?.kind ?? '').toLowerCase());
        expect(kinds.every((k) => k === kind), `${file} holds ${kinds.join(', ')}, not only ${kind}`).toBe(true);
      }
    }
  });
});

describe('.pre-commit-config.yaml', () => {
  const config = parse(readFileSync(path.join(ROOT, '.pre-commit-config.yaml'), 'utf8')) as { repos: { repo: string; hooks: { id: string; entry: string; language: string; files: string; exclude?: string; pass_filenames?: boolean }[] }[] };
  const hooks = config.repos.flatMap((r) => r.hooks);
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('parses into local hooks whose commands exist and whose file patterns match repo files', () => {
    expect(config.repos.map((r) => r.repo)).toEqual(['local']);
    expect(hooks.map((h) => h.id)).toEqual(['validate-manifests', 'validate-targets', 'typecheck', 'test-quick']);
    for (const h of hooks) {
      expect(h.language, h.id).toBe('system');
      const script = /scripts\/[\w-]+\.ts/.exec(h.entry)?.[0];
      if (script) expect(existsSync(path.join(ROOT, script)), h.id).toBe(true);
      const npmScript = /npm run --silent ([\w:-]+)/.exec(h.entry)?.[1];
      if (npmScript) expect(scripts[npmScript], h.id).toBeDefined();
      const files = glob('**/*').filter((f) => new RegExp(h.files).test(f) && !(h.exclude && new RegExp(h.exclude).test(f)));
      expect(files.length, `${h.id}: ${h.files}`).toBeGreaterThan(0);
    }
  });

  it('the manifest hook passes on the repo files it selects', async () => {
    const h = hooks.find((x) => x.id === 'validate-manifests');
    const files = glob('base/**/*.yaml').filter((f) => new RegExp(h?.files ?? '^$').test(f) && !new RegExp(h?.exclude ?? '^$').test(f));
    const [cmd, ...args] = (h?.entry ?? '').split(' ');
    const r = await execa(cmd as string, [...args, ...files], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode, String(r.stdout).slice(-2000)).toBe(0);
  }, 120_000);
});
