/**
 * The one way from deploy targets to units: kustomize builds (reusing the render cache and the
 * builds already done while loading Argo CD's model), each field traced to where the repo writes
 * it, every document parsed once. validate, diff, bump, promote, parity and the DR commands render
 * through here; what they check on the units is their own business.
 */
import type { Environment } from '../clusters.js';
import { ToolError } from '../errors.js';
import { loadPipeline, type PipelineContext } from '../pipeline.js';
import { renderTargets, type RenderedTarget } from '../render.js';
import type { Target } from '../targets.js';
import { unitsFromRendered } from './load.js';
import type { Unit } from './types.js';

export interface RenderUnitsOptions {
  /** the targets to build (default: every target of the pipeline) */
  readonly targets?: readonly Target[] | undefined;
  /** each unit as soon as its target is rendered and loaded, while kustomize builds the others */
  readonly onUnit?: ((unit: Unit, loadSeconds: number, rendered: RenderedTarget) => void) | undefined;
  /** read source files only when a finding asks where a field is written (validate; not diff) */
  readonly lazySources?: boolean | undefined;
  /**
   * A target that does not build: the unit to stand for it (one carrying a BLD finding), and the
   * others still render. Without it the render fails (a ToolError naming every failed target).
   */
  readonly onFailed?: ((target: Target, message: string, error: unknown) => Unit) | undefined;
}

export interface RenderedUnits {
  /** one per target, in target order (a target that did not build: onFailed's unit) */
  readonly units: readonly Unit[];
  /** the targets that built, as kustomize printed them (what rendered/ holds) */
  readonly rendered: readonly RenderedTarget[];
  /** how many targets did not build */
  readonly failed: number;
}

/** Renders the targets of a loaded pipeline into units. */
export async function renderUnits(pipeline: PipelineContext, options: RenderUnitsOptions = {}): Promise<RenderedUnits> {
  const targets = options.targets ?? pipeline.targets;
  const loaded = new Map<string, Unit>();
  const failed = new Map<string, Unit>();
  const onFailed = options.onFailed;
  const rendered = await renderTargets(pipeline.root, targets, pipeline.kustomize, {
    prebuilt: pipeline.prebuilt,
    lazySources: options.lazySources,
    onRendered: (r) => {
      const t0 = performance.now();
      const [unit] = unitsFromRendered(pipeline.root, [r]);
      if (!unit) return;
      loaded.set(r.target.name, unit);
      options.onUnit?.(unit, (performance.now() - t0) / 1000, r);
    },
    onFailed: onFailed && ((target, message, error) => failed.set(target.name, onFailed(target, message, error))),
  });
  const units = targets.flatMap((t) => {
    const unit = failed.get(t.name) ?? loaded.get(t.name);
    return unit ? [unit] : [];
  });
  return { units, rendered, failed: failed.size };
}

export interface EnvironmentUnits {
  readonly units: readonly Unit[];
  /** lines for stderr (which kustomize, a version mismatch with Argo CD's) */
  readonly notes: readonly string[];
  readonly pipeline: PipelineContext;
}

/** Renders the deploy targets of the given environments (bump, promote, parity, the DR commands). */
export async function renderEnvironments(root: string, envs: readonly Environment[]): Promise<EnvironmentUnits> {
  const pipeline = await loadPipeline(root);
  const targets = pipeline.targets.filter((t) => (envs as readonly string[]).includes(t.environment));
  const missing = envs.filter((e) => !targets.some((t) => t.environment === e));
  if (missing.length > 0)
    throw new ToolError(
      `clusters/*/cluster.yaml: no cluster hosts environment ` +
        `${missing.join(', ')} (expected it in some spec.environments)`,
    );
  const { units } = await renderUnits(pipeline, { targets });
  return { units, notes: pipeline.notes, pipeline };
}
