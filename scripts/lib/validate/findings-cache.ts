/**
 * The findings cache: the per-target findings of a previous run, reused when nothing they depend on
 * changed, so re-validating after a one-file change re-checks only the targets that file feeds.
 * The cross-target checks (argocd, dr, duplicates across targets) always run.
 *
 * The key of one target's findings is a hash of
 *   - its render-cache key (the content of every file its kustomization graph reads, which is
 *     also every file its findings can point at, and the kustomize binary) and the rendered text;
 *   - the target itself (name, environment, namespace, cluster, Kubernetes version);
 *   - the run's settings: rule groups, --kube-version, today's date (waiver expiry), policy.yaml and
 *     the parity allow list as parsed;
 *   - the repo files the schemas come from: every file under schemas/ and clusters/ (operator
 *     pins) and argocd/version.yaml;
 *   - this tool's code: size and modification time of every file of the running build
 *     (dist/scripts, or scripts/ when run from source), node_modules/.package-lock.json (the
 *     libraries, kubernetes-models' schemas among them), and Node's version.
 * A target without a render-cache key (built with --no-cache, not cacheable, or a path argument)
 * is always checked. Entries are written atomically beside the render cache's.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../findings.js';
import { TOOL_ROOT } from '../paths.js';
import type { ObjectValidator, SchemaIssue, SchemaScope, SchemaSource } from '../schema/types.js';

/** Bump when what is stored, or how the key is made, changes. */
const CACHE_FORMAT = 1;
/** Repo inputs every target's checks may read (schemas and operator pins). */
const REPO_INPUTS = ['schemas', 'clusters', 'argocd/version.yaml'];

/** Feeds every file under `full` (sorted, relative names) into the hash: its content or its stat. */
function hashTree(hash: ReturnType<typeof createHash>, base: string, full: string, content: boolean): void {
  let stat: Stats;
  try {
    stat = statSync(full);
  } catch {
    hash.update(`absent ${path.relative(base, full)}\n`);
    return;
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(full).sort()) hashTree(hash, base, path.join(full, name), content);
    return;
  }
  if (!stat.isFile()) return;
  hash.update(`file ${path.relative(base, full)}\u0000`);
  if (content) hash.update(readFileSync(full));
  else hash.update(`${stat.size}:${stat.mtimeMs}`);
  hash.update('\n');
}

let codeMemo: string | undefined;
/** This tool's code and libraries, as run. */
function codeIdentity(): string {
  if (codeMemo) return codeMemo;
  const hash = createHash('sha256').update(`${process.version}\u0000`);
  // dist/scripts when running the build, scripts/ when running from source (tests)
  const code = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  hashTree(hash, code, code, false);
  hashTree(hash, TOOL_ROOT, path.join(TOOL_ROOT, 'node_modules/.package-lock.json'), true);
  codeMemo = hash.digest('hex');
  return codeMemo;
}

export interface FindingsCacheSettings {
  readonly root: string;
  /** where the render cache keeps its entries; findings go beside them */
  readonly dir: string;
  /** everything of the run that the per-target checks read and that is not a repo file: groups,
   * --kube-version, today, the parsed policy and allow list */
  readonly settings: unknown;
}

export interface CacheableUnit {
  readonly name: string;
  readonly environment: string | undefined;
  readonly namespace: string | undefined;
  readonly kubernetesVersion: string;
  readonly cluster?: string | undefined;
}

/** One run's view of the cached findings. */
export class FindingsCache {
  readonly hits: string[] = [];
  readonly misses: string[] = [];
  private readonly runKey: string;
  /** the schema verdicts of single resources (see wrap) */
  private readonly verdictsFile: string;
  private verdicts: Record<string, SchemaIssue[] | boolean> | undefined;
  private readonly usedVerdicts: Record<string, SchemaIssue[] | boolean> = {};
  private verdictsChanged = false;

  constructor(private readonly options: FindingsCacheSettings) {
    const inputs = createHash('sha256').update(`zarish-his-findings ${CACHE_FORMAT}\u0000${codeIdentity()}\u0000`);
    for (const input of REPO_INPUTS) hashTree(inputs, options.root, path.join(options.root, input), true);
    const schemaKey = inputs.digest('hex');
    this.verdictsFile = path.join(options.dir, `verdicts-${schemaKey.slice(0, 48)}.json`);
    this.runKey = createHash('sha256')
      .update(`${schemaKey}\u0000${JSON.stringify(options.settings)}`)
      .digest('hex');
  }

  private verdictStore(): Record<string, SchemaIssue[] | boolean> {
    if (!this.verdicts) {
      try {
        const stored: unknown = JSON.parse(readFileSync(this.verdictsFile, 'utf8'));
        this.verdicts =
          stored && typeof stored === 'object' && !Array.isArray(stored)
            ? (stored as Record<string, SchemaIssue[] | boolean>)
            : {};
      } catch {
        this.verdicts = {};
      }
    }
    return this.verdicts;
  }

  private remember<T extends SchemaIssue[] | boolean>(key: string, compute: () => T): T {
    const store = this.verdictStore();
    const hit = store[key];
    if (hit !== undefined) {
      this.usedVerdicts[key] = hit;
      return hit as T;
    }
    const value = compute();
    this.usedVerdicts[key] = value;
    this.verdictsChanged = true;
    return value;
  }

  /**
   * The schema sources, answering from the verdicts of earlier runs: whether a source has a schema
   * for a kind (per cluster), and the issues of an object with exactly the same content. The
   * schemas themselves are loaded and compiled only for what was not seen before, so a target in
   * which one resource changed validates that one resource. Keyed by this tool's code and the repo
   * files the schemas come from (the same inputs as the findings).
   */
  wrap(sources: readonly SchemaSource[]): SchemaSource[] {
    return sources.map((source) => ({
      name: source.name,
      lookup: (apiVersion: string, kind: string, scope?: SchemaScope): ObjectValidator | undefined => {
        const at = `${source.name}\u0000${apiVersion}\u0000${kind}\u0000${scope?.cluster ?? ''}`;
        const exists = this.remember(`has\u0000${at}`, () => source.lookup(apiVersion, kind, scope) !== undefined);
        if (!exists) return undefined;
        return (object) => {
          const digest = createHash('sha256').update(JSON.stringify(object)).digest('hex');
          return this.remember(`issues\u0000${at}\u0000${digest}`, () => {
            const validate = source.lookup(apiVersion, kind, scope);
            return validate ? validate(object) : [];
          });
        };
      },
    }));
  }

  /** Stores the verdicts (written atomically; a read-only directory only costs speed). */
  saveVerdicts(): void {
    if (!this.verdictsChanged) return;
    try {
      mkdirSync(this.options.dir, { recursive: true });
      const tmp = `${this.verdictsFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      // what this run used, and what earlier runs stored while that stays small (other targets, --target runs)
      const earlier = this.verdictStore();
      const keep = Object.keys(earlier).length < 50_000 ? { ...earlier, ...this.usedVerdicts } : this.usedVerdicts;
      writeFileSync(tmp, JSON.stringify(keep));
      renameSync(tmp, this.verdictsFile);
    } catch {
      // speed only
    }
  }

  private file(unit: CacheableUnit, renderKey: string, text: string): string {
    const target = [unit.name, unit.environment, unit.namespace, unit.cluster, unit.kubernetesVersion];
    const key = createHash('sha256')
      .update(`${this.runKey}\u0000${renderKey}\u0000${JSON.stringify(target)}\u0000`)
      .update(text)
      .digest('hex')
      .slice(0, 48);
    return path.join(this.options.dir, `findings-${key}.json`);
  }

  /**
   * The unit's findings from the cache, or from `check()` (then stored). Without a render key
   * (the target was not built through the render cache) it always checks.
   */
  findings(unit: CacheableUnit, renderKey: string | undefined, text: string, check: () => Finding[]): Finding[] {
    if (!renderKey) return check();
    const file = this.file(unit, renderKey, text);
    if (existsSync(file)) {
      try {
        const stored = JSON.parse(readFileSync(file, 'utf8')) as { findings?: Finding[] };
        if (Array.isArray(stored.findings)) {
          this.hits.push(unit.name);
          return stored.findings;
        }
      } catch {
        // unreadable: check again and overwrite it
      }
    }
    const found = check();
    this.misses.push(unit.name);
    try {
      mkdirSync(this.options.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, JSON.stringify({ unit: unit.name, findings: found }));
      renameSync(tmp, file);
    } catch {
      // a read-only cache directory only costs speed
    }
    return found;
  }

  /** One line for stderr. */
  summary(): string {
    const names = this.misses.length > 0 && this.misses.length <= 4 ? ` (${[...this.misses].sort().join(', ')})` : '';
    return `findings cache: ${this.hits.length} targets unchanged, ${this.misses.length} checked${names}`;
  }
}
