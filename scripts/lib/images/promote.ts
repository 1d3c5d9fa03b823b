/** `npm run promote`: copy the images one environment runs into the next one. */
import { type Environment, loadEnvironments } from '../clusters.js';
import { ToolError, UsageError } from '../errors.js';
import {
  applyAndCheck,
  describeFindings,
  preexistingLines,
  readRepoFile,
  renderEnvironments,
  summaryLine,
  type CheckResult,
} from './check.js';
import { unifiedDiff } from './diff.js';
import { effectiveImages } from './effective.js';
import { affectedEnvironments, DR_PIN_COMMENT, kustomizationOf, planImages, type ImageChange } from './bump.js';
import { imagesOf } from './kustomization.js';
import { sameVersion, showVersion, type ImageVersion, type Service } from './refs.js';
import { imageOf, loadServices, type ServiceCatalog } from './services.js';

/**
 * Refuses anything but the next step on the promotion path `order` (loadEnvironments: the
 * repository's environments in promotion order), unless forced. Pure.
 */
export function checkOrder(
  from: Environment,
  to: Environment,
  force: boolean,
  order: readonly Environment[],
): string | undefined {
  if (from === to) throw new UsageError(`from and to are both ${from} (expected two environments)`);
  const i = order.indexOf(from);
  const j = order.indexOf(to);
  if (j === i + 1) return undefined;
  const why = j < i ? `${from} -> ${to} goes backwards` : `${from} -> ${to} skips ${order.slice(i + 1, j).join(', ')}`;
  if (!force) throw new UsageError(`${why} (promotion order is ${order.join(' -> ')}; pass --force to do it anyway)`);
  return `warning: ${why}; going ahead because of --force`;
}

export interface PromotionRow {
  readonly service: Service;
  readonly current: ImageVersion | undefined;
  readonly wanted: ImageVersion;
}

/** service -> (to's current, from's) for the services asked, from the two rendered environments. Pure. */
export function promotionRows(
  fromImages: ReadonlyMap<Service, ImageVersion | undefined>,
  toImages: ReadonlyMap<Service, ImageVersion | undefined>,
  services: readonly Service[],
  from: Environment,
  catalog: ServiceCatalog,
): PromotionRow[] {
  return services.map((service) => {
    const wanted = fromImages.get(service);
    if (!wanted)
      throw new ToolError(
        `overlays/${from}: no container runs ${imageOf(catalog, service)} with ` +
          `a tag or digest (expected the rendered ${from} to run ${service})`,
      );
    return { service, current: toImages.get(service), wanted };
  });
}

export function table(
  rows: readonly { service: string; from: string; to: string }[],
  headers: [string, string, string],
): string {
  const all = [{ service: headers[0], from: headers[1], to: headers[2] }, ...rows];
  const w = [0, 1, 2].map((i) => Math.max(...all.map((r) => [r.service, r.from, r.to][i]?.length ?? 0)));
  const line = (r: { service: string; from: string; to: string }): string =>
    `${r.service.padEnd(w[0] as number)}  ${r.from.padEnd(w[1] as number)}  ${r.to}`.trimEnd();
  return [
    line(all[0] as { service: string; from: string; to: string }),
    `${'-'.repeat(w[0] as number)}  ${'-'.repeat(w[1] as number)}  ${'-'.repeat(w[2] as number)}`,
    ...rows.map(line),
  ].join('\n');
}

export interface PromoteRequest {
  readonly root: string;
  readonly from: Environment;
  readonly to: Environment;
  readonly services: readonly Service[];
  readonly force: boolean;
  readonly dryRun: boolean;
}

export async function runPromote(
  request: PromoteRequest,
): Promise<{ lines: string[]; ok: boolean; check?: CheckResult; notes: readonly string[] }> {
  const lines: string[] = [];
  const warning = checkOrder(request.from, request.to, request.force, await loadEnvironments(request.root));
  if (warning) lines.push(warning);
  const { units, notes } = await renderEnvironments(request.root, [request.from, request.to]);
  const unitOf = (env: Environment) => {
    const unit = units.find((u) => u.environment === env);
    if (!unit) throw new ToolError(`overlays/${env}: not rendered (expected a deploy target for ${env})`);
    return unit;
  };
  const catalog = await loadServices(request.root);
  const rows = promotionRows(
    effectiveImages(unitOf(request.from), catalog),
    effectiveImages(unitOf(request.to), catalog),
    request.services,
    request.from,
    catalog,
  );
  const differing = rows.filter((r) => !sameVersion(r.current, r.wanted));
  const file = kustomizationOf(request.to);
  const before = await readRepoFile(request.root, file, `the ${request.to} overlay's kustomization`);
  if (differing.length === 0) {
    if (request.from === 'prod' && request.to === 'dr' && imagesOf(before, file).length === 0) {
      lines.push(
        "dr inherits prod's images (overlays/dr builds on overlays/prod) and " +
          'pins none: the promotion is already in effect; nothing changed',
      );
    } else {
      lines.push(
        `${request.to} already runs ${request.from}'s images for ${request.services.join(', ')}; nothing changed`,
      );
    }
    return { lines, ok: true, notes };
  }
  const planned = planImages(
    before,
    file,
    catalog,
    differing.map((r) => ({ service: r.service, version: r.wanted })),
    request.to === 'dr' ? DR_PIN_COMMENT : undefined,
  );
  const changes: ImageChange[] = planned.changes;
  lines.push(
    table(
      changes.map((c) => ({
        service: c.service,
        from: showVersion(differing.find((r) => r.service === c.service)?.current),
        to: showVersion(c.after),
      })),
      ['service', `${request.to} (before)`, `${request.to} (after, from ${request.from})`],
    ),
  );
  const unchanged = rows.filter((r) => !changes.some((c) => c.service === r.service));
  if (unchanged.length > 0)
    lines.push(`unchanged: ${unchanged.map((r) => `${r.service} ${showVersion(r.wanted)}`).join(', ')}`);
  if (request.to === 'dr') lines.push(`note: dr's images are pins in ${file} (without them dr runs prod's)`);
  if (request.dryRun) {
    lines.push(unifiedDiff(before, planned.text, file).trimEnd(), 'dry run: nothing written');
    return { lines, ok: true, notes };
  }
  const envs = affectedEnvironments(request.to);
  const { result, kept, introduced, preexisting } = await applyAndCheck(
    request.root,
    [{ file, before, after: planned.text }],
    envs,
  );
  if (!kept) {
    lines.push(
      `refused: ${envs.join(' and ')} would not validate with ${request.from}'s images; ${file} restored`,
      describeFindings(introduced),
    );
    return { lines, ok: false, check: result, notes };
  }
  lines.push(...preexistingLines(preexisting), `wrote ${file}; validated ${envs.join(', ')}: ${summaryLine(result)}`);
  return { lines, ok: true, check: result, notes };
}
