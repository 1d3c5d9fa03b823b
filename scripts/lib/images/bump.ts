/** `npm run bump`: set one service's (or every service's) image in one environment's overlay. */
import type { Environment } from '../clusters.js';
import { UsageError } from '../errors.js';
import { unknownValue } from '../suggest.js';
import {
  applyAndCheck,
  describeFindings,
  preexistingLines,
  readRepoFile,
  summaryLine,
  type CheckResult,
  type FileChange,
} from './check.js';
import { unifiedDiff } from './diff.js';
import { setImage } from './kustomization.js';
import { parseVersion, sameVersion, showVersion, type ImageVersion, type Service } from './refs.js';
import { imageOf, serviceNames, type ServiceCatalog } from './services.js';

export function kustomizationOf(env: Environment): string {
  return `overlays/${env}/kustomization.yaml`;
}

/** The environments whose render an overlay's change reaches: dr builds on prod. */
export function affectedEnvironments(env: Environment): Environment[] {
  return env === 'prod' ? ['prod', 'dr'] : [env];
}

export const DR_PIN_COMMENT =
  'dr pins these images; without an entry it runs what overlays/prod ' +
  'sets (npm run promote -- prod dr keeps them in step).';

/** `value` if it is one of `environments` (loadEnvironments: the repository's, in promotion order). */
export function parseEnvironment(
  value: string | undefined,
  environments: readonly Environment[],
  what = '--env',
): Environment {
  if (value === undefined) throw new UsageError(`${what} is required (one of ${environments.join(', ')})`);
  if (!environments.includes(value))
    throw new UsageError(`${unknownValue('environment', value, environments)} for ${what}`);
  return value;
}

export function parseService(value: string, catalog: ServiceCatalog): Service {
  imageOf(catalog, value);
  return value;
}

export interface ImageChange {
  readonly service: Service;
  readonly before: ImageVersion | undefined;
  readonly after: ImageVersion;
  readonly created: boolean;
}

/** Applies the version of each service to a kustomization text. Pure. */
export function planImages(
  text: string,
  file: string,
  catalog: ServiceCatalog,
  wanted: readonly { service: Service; version: ImageVersion }[],
  pinComment?: string,
): { text: string; changes: ImageChange[] } {
  let current = text;
  const changes: ImageChange[] = [];
  for (const { service, version } of wanted) {
    const result = setImage(current, file, imageOf(catalog, service), version, pinComment);
    if (sameVersion(result.before, version)) continue;
    current = result.text;
    changes.push({ service, before: result.before, after: version, created: result.created });
  }
  return { text: current, changes };
}

export interface BumpRequest {
  readonly root: string;
  readonly env: Environment;
  readonly services: readonly Service[];
  readonly version: ImageVersion;
  readonly dryRun: boolean;
  /** the repo's services (loadServices) */
  readonly catalog: ServiceCatalog;
}

export interface BumpOutcome {
  readonly lines: string[];
  /** true: written and valid, or nothing to do, or dry run */
  readonly ok: boolean;
  readonly check?: CheckResult | undefined;
}

export function parseBumpArgs(
  positionals: readonly string[],
  env: string | undefined,
  allServices: boolean,
  catalog: ServiceCatalog,
  environments: readonly Environment[],
): { services: Service[]; version: ImageVersion; env: Environment } {
  const environment = parseEnvironment(env, environments);
  if (allServices) {
    if (positionals.length !== 1)
      throw new UsageError(`--all-services takes one argument, the tag or digest (got ${positionals.length})`);
    return { services: serviceNames(catalog), version: parseVersion(positionals[0] as string), env: environment };
  }
  if (positionals.length !== 2)
    throw new UsageError(`expected <service> <tag-or-digest> (got ${positionals.length} arguments; see --help)`);
  return {
    services: [parseService(positionals[0] as string, catalog)],
    version: parseVersion(positionals[1] as string),
    env: environment,
  };
}

export function changeLines(file: string, changes: readonly ImageChange[]): string[] {
  return changes.map(
    (c) =>
      `${file}: ${c.service} ${showVersion(c.before)} -> ${showVersion(c.after)}${c.created ? ' (new entry)' : ''}`,
  );
}

export async function runBump(request: BumpRequest): Promise<BumpOutcome> {
  const file = kustomizationOf(request.env);
  const before = await readRepoFile(request.root, file, `the ${request.env} overlay's kustomization`);
  const { text, changes } = planImages(
    before,
    file,
    request.catalog,
    request.services.map((service) => ({ service, version: request.version })),
    request.env === 'dr' ? DR_PIN_COMMENT : undefined,
  );
  const lines: string[] = [];
  if (changes.length === 0) {
    lines.push(
      `${file}: ${request.services.join(', ')} already ` +
        `${showVersion(request.version)} in ${request.env}; nothing to change`,
    );
    return { lines, ok: true };
  }
  if (request.env === 'dr' && changes.some((c) => c.created)) {
    lines.push(
      `note: dr inherits prod's images (overlays/dr builds on overlays/prod); this pins ${changes
        .filter((c) => c.created)
        .map((c) => c.service)
        .join(', ')} in ${file}, so later prod bumps no longer reach dr for them (remove the entry to inherit again)`,
    );
  }
  if (request.env === 'prod')
    lines.push('note: dr builds on prod and runs these images too, unless overlays/dr pins its own');
  if (request.dryRun) {
    lines.push(unifiedDiff(before, text, file).trimEnd(), 'dry run: nothing written');
    return { lines, ok: true };
  }
  const envs = affectedEnvironments(request.env);
  const { result, kept, introduced, preexisting } = await applyAndCheck(
    request.root,
    [{ file, before, after: text } satisfies FileChange],
    envs,
  );
  if (!kept) {
    lines.push(
      `refused: ${envs.join(' and ')} would not validate with this change; ${file} restored`,
      describeFindings(introduced),
    );
    return { lines, ok: false, check: result };
  }
  lines.push(
    ...changeLines(file, changes),
    ...preexistingLines(preexisting),
    `validated ${envs.join(', ')}: ${summaryLine(result)}`,
  );
  return { lines, ok: true, check: result };
}
