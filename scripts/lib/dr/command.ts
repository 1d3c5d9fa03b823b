/** The I/O of `npm run failover | switchover | failback`: read, plan, write, validate, verify, commit. */
import { execa } from 'execa';
import { FindingsError, ToolError, UsageError } from '../errors.js';
import {
  applyPlanned,
  describeFindings,
  preexistingLines,
  readRepoFile,
  summaryLine,
  type CheckResult,
} from '../images/check.js';
import { asObj } from '../validate/k8s.js';
import type { Unit } from '../model/types.js';
import { FILES, type ApplicationDatabase } from './files.js';
import {
  checkToken,
  describeState,
  planTransition,
  readState,
  Refusal,
  type Action,
  type DrTexts,
  type Plan,
} from './transition.js';

export interface TransitionRequest {
  readonly root: string;
  readonly action: Action;
  readonly token?: string | undefined;
  readonly commit: boolean;
  readonly branch?: string | undefined;
  readonly now?: Date | undefined;
}

async function readTexts(root: string): Promise<DrTexts> {
  const [component, drPostgres, drHpa, prodDns, drDns] = await Promise.all([
    readRepoFile(root, FILES.component, 'the CloudNativePG distributed topology (spec.replica.self/primary/source)'),
    readRepoFile(root, FILES.drPostgres, 'the JSON 6902 patch that makes postgres-cluster the chittagong member'),
    readRepoFile(root, FILES.drHpa, "dr's HorizontalPodAutoscaler patches (minReplicas while standby)"),
    readRepoFile(
      root,
      FILES.prodDns,
      'the DR traffic switch: an Ingress patch with external-dns.alpha.kubernetes.io/controller',
    ),
    readRepoFile(
      root,
      FILES.drDns,
      'the DR traffic switch: an Ingress patch with external-dns.alpha.kubernetes.io/controller',
    ),
  ]);
  return { component, drPostgres, drHpa, prodDns, drDns };
}

function clusterReplica(unit: Unit | undefined): Record<string, unknown> | undefined {
  const cluster = unit?.resources.find(
    (r) =>
      r.ref.kind === 'Cluster' &&
      r.ref.apiVersion.startsWith('postgresql.cnpg.io/') &&
      r.ref.name === 'postgres-cluster',
  );
  return cluster ? asObj(asObj(cluster.object.spec).replica) : undefined;
}

function prodHpaMins(units: readonly Unit[]): Map<string, number> {
  const prod = units.find((u) => u.environment === 'prod');
  const out = new Map<string, number>();
  for (const r of prod?.resources ?? []) {
    const min = asObj(r.object.spec).minReplicas;
    if (r.ref.kind === 'HorizontalPodAutoscaler' && typeof min === 'number' && r.ref.name) out.set(r.ref.name, min);
  }
  return out;
}

/** prod's application database, owner and credentials Secret, from its rendered bootstrap. */
function applicationDatabase(units: readonly Unit[]): ApplicationDatabase | undefined {
  const prod = units.find((u) => u.environment === 'prod');
  const cluster = prod?.resources.find(
    (r) =>
      r.ref.kind === 'Cluster' &&
      r.ref.apiVersion.startsWith('postgresql.cnpg.io/') &&
      r.ref.name === 'postgres-cluster',
  );
  const bootstrap = asObj(asObj(cluster?.object.spec).bootstrap);
  const method = asObj(bootstrap.initdb ?? bootstrap.pg_basebackup);
  const secret = asObj(method.secret).name;
  return typeof method.database === 'string' && typeof method.owner === 'string' && typeof secret === 'string'
    ? { database: method.database, owner: method.owner, secret }
    : undefined;
}

/** The rendered Clusters must say exactly what the plan meant (never `enabled`), else nothing is kept. */
function verifyRender(plan: Plan, result: CheckResult): void {
  for (const env of ['prod', 'dr'] as const) {
    const replica = clusterReplica(result.units.find((u) => u.environment === env));
    const want = plan.expect[env];
    if (
      !replica ||
      JSON.stringify(Object.fromEntries(Object.entries(replica).sort())) !==
        JSON.stringify(Object.fromEntries(Object.entries(want).sort()))
    ) {
      throw new ToolError(
        `overlays/${env}: the rendered postgres-cluster spec.replica is ` +
          `${JSON.stringify(replica)} (expected ${JSON.stringify(want)}); files ` +
          `restored`,
      );
    }
  }
}

function branchName(action: Action, now: Date): string {
  return `dr/${action.split('-')[0]}-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}`;
}

async function git(root: string, args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd: root, reject: false });
  if (r.exitCode !== 0)
    throw new ToolError(`git ${args.join(' ')} failed: ${String(r.stderr).trim().split('\n')[0] ?? ''}`);
  return String(r.stdout).trim();
}

export interface TransitionOutcome {
  readonly lines: string[];
  readonly code: number;
}

export async function runTransition(request: TransitionRequest): Promise<TransitionOutcome> {
  if (request.token !== undefined) {
    const problem = checkToken(request.token);
    if (problem)
      throw new UsageError(
        `--promotion-token: ${problem} (expected the value of ` +
          `status.demotionToken of the old primary's postgres-cluster)`,
      );
  }
  const { root } = request;
  if (request.commit) {
    const top = await git(root, ['rev-parse', '--show-toplevel']).catch(() => '');
    if (!top) throw new ToolError(`${root}: not a git work tree (--commit needs one)`);
  }
  const texts = await readTexts(root);
  const lines: string[] = ['current:', ...describeState(readState(texts)).map((l) => `  ${l}`)];
  let plan: Plan | undefined;
  let outcome: Awaited<ReturnType<typeof applyPlanned>>;
  try {
    outcome = await applyPlanned(
      root,
      ['prod', 'dr'],
      (baseline) => {
        plan = planTransition(
          request.action,
          texts,
          prodHpaMins(baseline.units),
          request.token,
          applicationDatabase(baseline.units),
        );
        return plan.changes;
      },
      undefined, // parity (DR-001) runs in the engine with the allow list
      (result) => verifyRender(plan as Plan, result),
    );
  } catch (error) {
    if (error instanceof Refusal) throw new FindingsError(`refused, nothing changed: ${error.message}`);
    throw error;
  }
  const p = plan as Plan;
  if (outcome.changes.length === 0) {
    lines.push('nothing to change: the repo already says this');
    return { lines, code: 0 };
  }
  if (!outcome.kept) {
    lines.push(
      `refused: prod and dr would not validate with this change; ` +
        `${outcome.changes.map((c) => c.file).join(', ')} restored`,
      describeFindings(outcome.introduced),
    );
    return { lines, code: 1 };
  }
  lines.push('this change:', ...p.summary.map((l) => `  - ${l}`));
  lines.push('files:', ...outcome.changes.map((c) => `  ${c.file}`));
  lines.push(
    ...preexistingLines(outcome.preexisting),
    `validated prod and dr (schema, policy, parity): ${summaryLine(outcome.result)}`,
  );
  for (const n of p.notices) lines.push(`NOTE: ${n}`);
  lines.push('runbook steps left to people:', ...p.manual.map((m) => `  - ${m}`));
  if (request.commit) {
    const branch = request.branch ?? branchName(request.action, request.now ?? new Date());
    const files = outcome.changes.map((c) => c.file);
    await git(root, ['checkout', '-b', branch]);
    await git(root, ['add', '--', ...files]);
    await git(root, [
      'commit',
      '-m',
      `dr: ${request.action}\n\n${p.summary.map((l) => `- ${l}`).join('\n')}`,
      '--',
      ...files,
    ]);
    lines.push(`committed on new branch ${branch} (not pushed): open a pull request from it`);
  } else {
    lines.push('the working tree is changed, not committed (review with git diff; --commit puts it on a new branch)');
  }
  return { lines, code: 0 };
}
