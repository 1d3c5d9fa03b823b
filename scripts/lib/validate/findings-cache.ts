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

  constructor(private readonly options: FindingsCacheSettings) {
    const hash = createHash('sha256').update(`zarish-his-findings ${CACHE_FORMAT}\u0000${codeIdentity()}\u0000`);
    hash.update(`${JSON.stringify(options.settings)}\u0000`);
    for (const input of REPO_INPUTS) hashTree(hash, options.root, path.join(options.root, input), true);
    this.runKey = hash.digest('hex');
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
