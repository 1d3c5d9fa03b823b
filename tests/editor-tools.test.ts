/** Editor and hook configuration point at real files: .vscode/settings.json and .pre-commit-config.yaml. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { EDITOR_SCHEMA_DIR } from '../scripts/lib/schema/editor.js';
import { ROOT, runScript, tempDir } from './helpers.js';

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
  const settings = JSON.parse(readFileSync(path.join(ROOT, '.vscode/settings.json'), 'utf8')) as {
    'yaml.schemas': Record<string, string[]>;
  };

  // Editor schemas are derived (npm run schemas -- --editor writes them to the git-ignored EDITOR_SCHEMA_DIR):
  // generate them into a temporary folder and read the mapped paths from there.
  let generated: string;
  beforeAll(async () => {
    generated = await tempDir('zarish-editor-schemas-');
    const run = await runScript('schemas', ['--editor', '--out', generated]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/: \d+ JSON Schema\(s\) for editors/);
  }, 120_000);
  const schemaFile = (schema: string): string =>
    schema.startsWith(`./${EDITOR_SCHEMA_DIR}/`)
      ? path.join(generated, schema.slice(EDITOR_SCHEMA_DIR.length + 3))
      : path.join(ROOT, schema);

  it('maps every repo schema to files that exist, hold that kind and validate against it', () => {
    const local = Object.keys(settings['yaml.schemas']).filter((s) => s.startsWith('./'));
    expect(local.filter((s) => !s.startsWith('./schemas/') && !s.startsWith(`./${EDITOR_SCHEMA_DIR}/`))).toEqual([]);
    expect(local.filter((s) => s.startsWith(`./${EDITOR_SCHEMA_DIR}/`)).length).toBeGreaterThan(10);
    for (const [schema, patterns] of Object.entries(settings['yaml.schemas'])) {
      for (const pattern of patterns)
        expect(glob(pattern).length, `${schema}: ${pattern} matches no file`).toBeGreaterThan(0);
      if (!schema.startsWith('./')) continue;
      const file = schemaFile(schema);
      expect(existsSync(file), schema).toBe(true);
      const json = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string };
      const validate = (
        String(json.$schema).includes('2020-12')
          ? new Ajv2020.default({ strict: false, validateFormats: false })
          : new Ajv.default({ strict: false, validateFormats: false })
      ).compile(json);
      const kind = path.basename(schema).split('_')[0] as string;
      for (const manifest of patterns.flatMap(glob)) {
        const docs = parseAllDocuments(readFileSync(path.join(ROOT, manifest), 'utf8')).map(
          (d) => d.toJS() as { kind?: string } | null,
        );
        const kinds = docs.map((d) => String(d?.kind ?? '').toLowerCase());
        expect(
          kinds.every((k) => k === kind),
          `${manifest} holds ${kinds.join(', ')}, not only ${kind}`,
        ).toBe(true);
        for (const doc of docs)
          expect(validate(doc) ? [] : validate.errors, `${manifest} against ${schema}`).toEqual([]);
      }
    }
  });

  it('an editor schema rejects what the CRD forbids (a wrong kind, an unknown field)', () => {
    const json = JSON.parse(
      readFileSync(path.join(generated, 'argoproj.io/appproject_v1alpha1.json'), 'utf8'),
    ) as object;
    const validate = new Ajv.default({ strict: false, validateFormats: false }).compile(json);
    const project = parseAllDocuments(
      readFileSync(path.join(ROOT, 'argocd/base/projects/platform.yaml'), 'utf8'),
    )[0]?.toJS() as { spec: Record<string, unknown> };
    expect(validate(project)).toBe(true);
    expect(validate({ ...project, kind: 'Application' })).toBe(false);
    expect(validate({ ...project, spec: { ...project.spec, destinatons: [] } })).toBe(false);
  });
});

describe('.pre-commit-config.yaml', () => {
  const config = parse(readFileSync(path.join(ROOT, '.pre-commit-config.yaml'), 'utf8')) as {
    repos: {
      repo: string;
      hooks: {
        id: string;
        entry: string;
        language: string;
        files: string;
        exclude?: string;
        pass_filenames?: boolean;
      }[];
    }[];
  };
  const hooks = config.repos.flatMap((r) => r.hooks);
  const scripts = (
    JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;

  it('parses into local hooks whose commands exist and whose file patterns match repo files', () => {
    expect(config.repos.map((r) => r.repo)).toEqual(['local']);
    expect(hooks.map((h) => h.id)).toEqual(['validate-manifests', 'validate-targets', 'typecheck', 'test-quick']);
    for (const h of hooks) {
      expect(h.language, h.id).toBe('system');
      const script = /scripts\/[\w-]+\.ts/.exec(h.entry)?.[0];
      if (script) expect(existsSync(path.join(ROOT, script)), h.id).toBe(true);
      const npmScript = /npm run --silent ([\w:-]+)/.exec(h.entry)?.[1];
      if (npmScript) expect(scripts[npmScript], h.id).toBeDefined();
      const files = glob('**/*').filter(
        (f) => new RegExp(h.files).test(f) && !(h.exclude && new RegExp(h.exclude).test(f)),
      );
      expect(files.length, `${h.id}: ${h.files}`).toBeGreaterThan(0);
    }
  });

  it('the manifest hook passes on the repo files it selects', async () => {
    const h = hooks.find((x) => x.id === 'validate-manifests');
    const files = glob('base/**/*.yaml').filter(
      (f) => new RegExp(h?.files ?? '^$').test(f) && !new RegExp(h?.exclude ?? '^$').test(f),
    );
    const [cmd, ...args] = (h?.entry ?? '').split(' ');
    const r = await execa(cmd as string, [...args, ...files], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode, String(r.stdout).slice(-2000)).toBe(0);
  }, 120_000);
});
