/**
 * Failover, switchover and failback of the Dhaka/Chittagong CloudNativePG distributed topology, as
 * git changes. Pure: file texts and prod's HPA sizes in, new texts and the runbook out.
 *
 * Who decides what (CNPG IsReplica(): a member is a replica when (self || name) != primary; `enabled`
 * is never set because it would override primary):
 *   dhaka      = overlays/prod, spec.replica from components/postgres-distributed/cluster.yaml
 *   chittagong = overlays/dr, which builds on prod and so inherits that file, unless
 *                overlays/dr/patches/postgres.yaml pins /spec/replica/primary (and the token).
 */
import { ToolError } from '../errors.js';
import type { FileChange } from '../images/check.js';
import {
  DNS_ACTIVE,
  DNS_STANDBY,
  FILES,
  nextServerName,
  PRIMARY_PATH,
  readComponentReplica,
  readDns,
  readHpaMins,
  readMember,
  readOp,
  RETIRED_ANNOTATION,
  setComponentReplica,
  setDns,
  setHpaMins,
  setMember,
  setOp,
  TOKEN_PATH,
  type ApplicationDatabase,
  type HpaMin,
  type PatchOp,
} from './files.js';

export const DHAKA = 'dhaka';
export const CHITTAGONG = 'chittagong';
export type Site = typeof DHAKA | typeof CHITTAGONG;

export type Action =
  | 'failover'
  | 'switchover-demote'
  | 'switchover-promote'
  | 'failback-demote'
  | 'failback-promote'
  | 'failback-no-token';

export interface DrTexts {
  readonly component: string;
  readonly drPostgres: string;
  readonly drHpa: string;
  readonly prodDns: string;
  readonly drDns: string;
}

/** Each member's effective spec.replica.primary and promotionToken, and the traffic switch. */
export interface DrState {
  readonly dhaka: { readonly primary: string; readonly token: string | undefined };
  readonly chittagong: { readonly primary: string; readonly token: string | undefined };
  /** overlays/dr pins primary itself */
  readonly drPinned: boolean;
  readonly dnsProd: string | undefined;
  readonly dnsDr: string | undefined;
  readonly hpa: readonly HpaMin[];
}

export function readState(t: DrTexts): DrState {
  const c = readComponentReplica(t.component);
  if (c.enabled !== undefined)
    throw new ToolError(
      `${FILES.component}: spec.replica.enabled is set; with the distributed ` +
        `topology it must not be (it overrides primary)`,
    );
  const primaryOp = readOp(t.drPostgres, PRIMARY_PATH);
  const tokenOp = readOp(t.drPostgres, TOKEN_PATH);
  const dhakaPrimary = c.primary ?? DHAKA;
  return {
    dhaka: { primary: dhakaPrimary, token: c.promotionToken },
    chittagong: {
      primary: primaryOp && primaryOp.op !== 'remove' ? primaryOp.value : dhakaPrimary,
      token: tokenOp ? (tokenOp.op === 'remove' ? undefined : tokenOp.value) : c.promotionToken,
    },
    drPinned: primaryOp !== undefined && primaryOp.op !== 'remove',
    dnsProd: readDns(t.prodDns, FILES.prodDns),
    dnsDr: readDns(t.drDns, FILES.drDns),
    hpa: readHpaMins(t.drHpa),
  };
}

export function describeState(s: DrState): string[] {
  const role = (site: Site, primary: string): string => (primary === site ? 'primary' : `replica of ${primary}`);
  return [
    `dhaka (prod):     ${role(DHAKA, s.dhaka.primary)}` +
      `${s.dhaka.token ? ' (promotionToken set)' : ''}; DNS ` +
      `${s.dnsProd === DNS_ACTIVE ? 'active' : (s.dnsProd ?? 'unset')}`,
    `chittagong (dr):  ${role(CHITTAGONG, s.chittagong.primary)}` +
      `${s.chittagong.token ? ' (promotionToken set)' : ''}; DNS ` +
      `${s.dnsDr === DNS_ACTIVE ? 'active' : (s.dnsDr ?? 'unset')}; HPA ` +
      `minReplicas ` +
      `${s.hpa.map((h) => `${h.name}=${h.minReplicas}`).join(', ')}`,
  ];
}

/** overlays/dr/patches/postgres.yaml: chittagong's own archive. */
export const SERVER_NAME_PATH = '/spec/plugins/0/parameters/serverName';

/** The target: each member's primary/token, where DNS points, and whether DR is scaled up. */
interface Target {
  readonly dhaka: { readonly primary: Site; readonly token: string | undefined };
  readonly chittagong: { readonly primary: Site; readonly token: string | undefined };
  readonly traffic: Site | undefined;
  readonly drScaled: 'up' | 'down' | undefined;
}

export interface Plan {
  readonly action: Action;
  readonly changes: readonly FileChange[];
  /** what the change does, for the terminal */
  readonly summary: readonly string[];
  /** what must happen outside git, in order */
  readonly manual: readonly string[];
  readonly notices: readonly string[];
  /** what the rendered Clusters' spec.replica must say afterwards */
  readonly expect: { readonly prod: Record<string, string>; readonly dr: Record<string, string> };
}

export class Refusal extends Error {
  override readonly name = 'Refusal';
}

const KUBECTL_TOKEN = (ctx: Site, ns: string): string =>
  `kubectl --context ${ctx} -n ${ns} get cluster postgres-cluster -o jsonpath='{.status.demotionToken}'`;

interface Members {
  /** write this member as a pg_basebackup clone of the other (a replica must be creatable from git) */
  readonly clone?: Site | undefined;
  /** this member is re-created: it archives under a new serverName, the old one is retired */
  readonly rebuild?: Site | undefined;
}

function target(
  action: Action,
  s: DrState,
  token: string | undefined,
): { target: Target; summary: string[]; manual: string[]; notices: string[]; members: Members } {
  const needDhakaPrimary = (what: string): void => {
    if (s.dhaka.primary !== DHAKA || s.chittagong.primary !== DHAKA)
      throw new Refusal(
        `${what} starts from dhaka as the primary of both members, but ` +
          `${describeState(s).join('; ')} (expected dhaka primary on both sides)`,
      );
  };
  const needStep1 = (what: string, demoted: Site, next: Site, step1: string): void => {
    const demotedPrimary = demoted === DHAKA ? s.dhaka.primary : s.chittagong.primary;
    const nextPrimary = next === DHAKA ? s.dhaka.primary : s.chittagong.primary;
    if (demotedPrimary !== next || nextPrimary !== demoted) {
      throw new Refusal(
        `${what}: step 1 has not landed in git (expected ${demoted} demoted, ` +
          `its primary set to ${next}, while ${next} still follows ${demoted}` +
          `; run \`${step1}\` first, let Argo CD sync it, then copy ${demoted}'s ` +
          `status.demotionToken)`,
      );
    }
  };
  switch (action) {
    case 'failover':
      if (s.chittagong.primary === CHITTAGONG && s.dhaka.primary === CHITTAGONG)
        throw new Refusal('chittagong is already the primary on both sides: nothing to fail over');
      return {
        target: {
          dhaka: { primary: CHITTAGONG, token: undefined },
          chittagong: { primary: CHITTAGONG, token: undefined },
          traffic: CHITTAGONG,
          drScaled: 'up',
        },
        members: { clone: DHAKA, rebuild: DHAKA },
        summary: [
          `chittagong (overlays/dr, applied by Chittagong's own Argo CD): ` +
            `replica.primary: chittagong, pinned in ${FILES.drPostgres}, no ` +
            `promotionToken: CloudNativePG promotes it (a failover)`,
          `dhaka (prod, applied by Dhaka's Argo CD only when Dhaka is back): ` +
            `replica.primary: chittagong in ${FILES.component}, so it never ` +
            `returns as a second primary taking writes (split brain), and written ` +
            `as its rebuild: a pg_basebackup clone of chittagong archiving under a ` +
            `new serverName`,
        ],
        manual: [
          'Before merging: verify DR health: postgres-cluster in zarish-his-dr ' +
            'on chittagong is a healthy replica with low lag (kubectl cnpg status ' +
            'postgres-cluster -n zarish-his-dr --context chittagong)',
          "After merging: Chittagong's Argo CD syncs zarish-his-dr by itself " +
            "(automated; or argocd app sync zarish-his-dr against Chittagong's " +
            "Argo CD); Dhaka's Argo CD is not needed",
          'When Dhaka is back: its Argo CD applies the fence (replica of ' +
            "chittagong, DNS standby; prod's sync window allows it by hand only " +
            'during clinic hours: argocd app sync zarish-his-prod on Dhaka); then ' +
            'rebuild Dhaka: kubectl --context dhaka -n zarish-his-prod delete ' +
            'cluster postgres-cluster and its PVCs, and Argo CD re-creates it by ' +
            'pg_basebackup from chittagong',
        ],
        notices: [
          "No promotion token: this is a failover, not a switchover. Dhaka's old " +
            'database cannot rejoin (its timeline diverged): it is rebuilt as the ' +
            'replica this change describes, then `npm run failback -- --demote` / ' +
            '`--promotion-token` switches back.',
        ],
      };
    case 'switchover-demote':
      needDhakaPrimary('switchover');
      return {
        target: {
          dhaka: { primary: CHITTAGONG, token: undefined },
          chittagong: { primary: DHAKA, token: undefined },
          traffic: undefined,
          drScaled: undefined,
        },
        members: { clone: DHAKA },
        summary: [
          `step 1 of 2: dhaka demotes itself: replica.primary: chittagong in ` +
            `${FILES.component} (its bootstrap now a pg_basebackup clone of ` +
            `chittagong, as a replica must be)`,
          `chittagong keeps following dhaka: replica.primary: dhaka pinned in ` +
            `${FILES.drPostgres} (overlays/dr inherits the component, so without ` +
            `the pin chittagong would promote itself without a token: a failover)`,
        ],
        manual: [
          'Merge this change and let Argo CD sync zarish-his-prod: Dhaka shuts ' +
            'down, archives its last WAL and publishes status.demotionToken ' +
            '(writes stop here until step 2)',
          `Copy the token: ${KUBECTL_TOKEN(DHAKA, 'zarish-his-prod')}`,
          'Run `npm run switchover -- --promotion-token <token>` (step 2: promote chittagong, switch DNS, scale up)',
        ],
        notices: [],
      };
    case 'switchover-promote':
      needStep1('switchover --promotion-token', DHAKA, CHITTAGONG, 'npm run switchover -- --demote');
      return {
        target: {
          dhaka: { primary: CHITTAGONG, token: undefined },
          chittagong: { primary: CHITTAGONG, token },
          traffic: CHITTAGONG,
          drScaled: 'up',
        },
        summary: [
          `step 2 of 2: chittagong is promoted with Dhaka's demotion token: ` +
            `replica.primary: chittagong and promotionToken in ${FILES.drPostgres}` +
            `, in the same change`,
        ],
        manual: [],
        notices: [
          'Step 1 (`npm run switchover -- --demote`, Dhaka demoted) must have ' +
            'landed and synced before this one: the token only exists after it.',
        ],
        members: {},
      };
    case 'failback-demote':
      if (s.chittagong.primary !== CHITTAGONG)
        throw new Refusal(
          `failback starts from chittagong as the primary, but ` +
            `${describeState(s).join('; ')} (expected chittagong primary after a ` +
            `failover or switchover)`,
        );
      return {
        target: {
          dhaka: { primary: CHITTAGONG, token: undefined },
          chittagong: { primary: DHAKA, token: undefined },
          traffic: undefined,
          drScaled: undefined,
        },
        summary: [
          `step 1 of 2: chittagong demotes itself: replica.primary: dhaka pinned ` +
            `in ${FILES.drPostgres}, its promotionToken removed (the webhook ` +
            `rejects promotionToken on a replica, cnpg#9273)`,
          `dhaka keeps following chittagong (${FILES.component} still says primary: chittagong) until step 2`,
        ],
        manual: [
          "Before merging: verify the primary region recovered and Dhaka's " +
            'postgres-cluster is a replica of chittagong with near-zero lag (if ' +
            'Dhaka was lost in a failover, rebuild it from chittagong first: that ' +
            'is the runbook\'s "sync data back")',
          'Merge this change and let Argo CD sync zarish-his-dr: Chittagong ' +
            'shuts down and publishes status.demotionToken (writes stop here until ' +
            'step 2)',
          `Copy the token: ${KUBECTL_TOKEN(CHITTAGONG, 'zarish-his-dr')}`,
          'Run `npm run failback -- --promotion-token <token>` (step 2: promote dhaka, switch DNS, scale DR down)',
        ],
        notices: [],
        members: {},
      };
    case 'failback-promote':
      needStep1('failback --promotion-token', CHITTAGONG, DHAKA, 'npm run failback -- --demote');
      return {
        target: {
          dhaka: { primary: DHAKA, token },
          chittagong: { primary: DHAKA, token: undefined },
          traffic: DHAKA,
          drScaled: 'down',
        },
        summary: [
          `step 2 of 2: dhaka is promoted with Chittagong's demotion token: ` +
            `replica.primary: dhaka and promotionToken in ${FILES.component}`,
          `chittagong: overlays/dr removes the inherited promotionToken (` +
            `${FILES.drPostgres}) and keeps primary: dhaka pinned`,
        ],
        manual: [],
        notices: [
          'Step 1 (`npm run failback -- --demote`, Chittagong demoted) must have ' +
            'landed and synced before this one: the token only exists after it.',
        ],
        members: {},
      };
    case 'failback-no-token':
      if (s.chittagong.primary !== CHITTAGONG && s.dhaka.primary !== CHITTAGONG)
        throw new Refusal(`dhaka is already the primary on both sides: nothing to fail back`);
      return {
        target: {
          dhaka: { primary: DHAKA, token: undefined },
          chittagong: { primary: DHAKA, token: undefined },
          traffic: DHAKA,
          drScaled: 'down',
        },
        members: { rebuild: CHITTAGONG },
        summary: [
          `dhaka promoted without a token (a failover back): replica.primary: ` +
            `dhaka in ${FILES.component} and pinned in ${FILES.drPostgres}` +
            `; chittagong is to be rebuilt and archives under a new serverName`,
        ],
        manual: [
          "Before merging: make sure Dhaka's postgres-cluster holds chittagong's " +
            'latest data (it was rebuilt from chittagong and replicated with ' +
            'near-zero lag): anything written on chittagong after that is lost',
        ],
        notices: [
          "No promotion token: chittagong's database cannot simply rejoin; " +
            'rebuild it (re-clone from dhaka: delete its postgres-cluster and ' +
            'PVCs, Argo CD recreates it by pg_basebackup from dhaka) before it is ' +
            'a DR replica again.',
        ],
      };
  }
}

const SEEDS_FAILOVER = [
  'Verify DR cluster health',
  'Promote DR database to primary',
  'Update DNS to point to DR region',
  'Scale up DR services',
  'Verify application functionality',
  'Notify stakeholders',
];
const SEEDS_FAILBACK = [
  'Verify primary region recovery',
  'Sync data back to primary',
  'Update DNS to point to primary',
  'Scale down DR services',
  'Verify application functionality',
  'Notify stakeholders',
];

/** The seeds' runbook with what this change does and what is left to people. */
function runbook(action: Action, t: Target): string[] {
  const failback = action.startsWith('failback');
  const steps = failback ? SEEDS_FAILBACK : SEEDS_FAILOVER;
  const inGit = (i: number): boolean => {
    if (failback) return i === 2 || i === 3 ? t.traffic !== undefined : false;
    return i === 1 || ((i === 2 || i === 3) && t.traffic !== undefined);
  };
  const demote = action.endsWith('-demote');
  const laterInGit = (i: number): boolean => demote && (failback ? i === 2 || i === 3 : i >= 1 && i <= 3);
  return steps.map((step, i) => {
    const where = inGit(i)
      ? 'in this change (applied when Argo CD syncs it)'
      : laterInGit(i)
        ? 'in step 2 (--promotion-token), after this change has synced'
        : i === 1 && failback
          ? action === 'failback-promote'
            ? 'done if Dhaka replicated with lag near zero before step 1'
            : 'MANUAL (rebuild Dhaka from chittagong if it was lost; wait for lag near zero)'
          : 'MANUAL';
    return `${i + 1}. ${step}: ${where}`;
  });
}

/** Standard base64 with padding (Go's base64.StdEncoding, which CloudNativePG decodes the token with). */
const TOKEN_SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The fields of CloudNativePG's promotion token (pkg/utils/parser.go PgControldataTokenContent, 1.30):
 * the old primary's pg_controldata at demotion and the operator version. The webhook
 * (validatePromotionToken -> IsValid) rejects a token in which any of them is empty.
 */
export const TOKEN_FIELDS = [
  'latestCheckpointTimelineID',
  'redoWalFile',
  'databaseSystemIdentifier',
  'latestCheckpointREDOLocation',
  'timeOfLatestCheckpoint',
  'operatorVersion',
] as const;

/** A promotion token is CloudNativePG's status.demotionToken: base64 of a JSON object with TOKEN_FIELDS. */
export function checkToken(token: string): string | undefined {
  if (token.length === 0 || !TOKEN_SHAPE.test(token)) return 'it is not standard base64';
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    return 'it does not decode to JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it does not decode to a JSON object';
  const o = value as Record<string, unknown>;
  const wrongType = Object.keys(o).filter(
    (k) => (TOKEN_FIELDS as readonly string[]).includes(k) && typeof o[k] !== 'string',
  );
  if (wrongType.length > 0) return `its ${wrongType.join(', ')} ${wrongType.length === 1 ? 'is' : 'are'} not a string`;
  const missing = TOKEN_FIELDS.filter((k) => typeof o[k] !== 'string' || (o[k] as string).length === 0);
  if (missing.length > 0)
    return (
      `it lacks the pg_controldata field${missing.length === 1 ? '' : 's'} ` +
      `${missing.join(', ')} (CloudNativePG's webhook rejects it)`
    );
  return undefined;
}

/**
 * Plans a transition. `prodHpa` is prod's rendered minReplicas per HPA name (DR scales up to it).
 * Throws Refusal when the repo is not in the state the step starts from.
 */
export function planTransition(
  action: Action,
  texts: DrTexts,
  prodHpa: ReadonlyMap<string, number>,
  token?: string,
  app?: ApplicationDatabase,
): Plan {
  const state = readState(texts);
  const { target: t, summary, manual, notices, members } = target(action, state, token);
  const comment = `npm run ${action.split('-')[0]}`;

  // components/postgres-distributed/cluster.yaml: dhaka's primary and token.
  let component = setComponentReplica(
    texts.component,
    t.dhaka.primary,
    t.dhaka.token,
    `${comment}: Chittagong's demotion token`,
  );
  const member = readMember(component);
  const memberLines: string[] = [];
  if (members.clone === DHAKA && member.clonedFrom !== CHITTAGONG) {
    if (!app)
      throw new ToolError(
        `overlays/prod: the rendered postgres-cluster names no application ` +
          `database (expected bootstrap initdb or pg_basebackup with database, ` +
          `owner and secret)`,
      );
    component = setMember(component, { cloneFrom: { source: CHITTAGONG, app } });
    memberLines.push(
      `dhaka's bootstrap: pg_basebackup from chittagong (database ` +
        `${app.database}, owner ${app.owner}, secret ${app.secret}) in ` +
        `${FILES.component}`,
    );
  }
  let drPostgresMember = texts.drPostgres;
  if (members.rebuild) {
    const site = members.rebuild;
    const drOp = readOp(texts.drPostgres, SERVER_NAME_PATH);
    const current = site === DHAKA ? member.serverName : drOp && drOp.op !== 'remove' ? drOp.value : undefined;
    if (current === undefined)
      throw new ToolError(
        `${site === DHAKA ? FILES.component : FILES.drPostgres}: no serverName ` +
          `for ${site} (expected ` +
          `${site === DHAKA ? 'spec.plugins[0].parameters.serverName' : `a replace of ${SERVER_NAME_PATH}`}` +
          `)`,
      );
    const taken = [...member.retired, ...Object.values(member.externalServerNames), member.serverName ?? ''];
    const next = nextServerName(current, taken);
    component = setMember(component, {
      retire: current,
      externalServerName: { member: site, serverName: next },
      ...(site === DHAKA ? { serverName: next } : {}),
    });
    if (site === CHITTAGONG)
      drPostgresMember = setOp(
        drPostgresMember,
        SERVER_NAME_PATH,
        { op: 'replace', value: next },
        `${comment}: chittagong re-created: a new, empty archive`,
      );
    memberLines.push(
      `${site} is re-created: it archives under serverName ${next} (` +
        `${current} retired in ${RETIRED_ANNOTATION}: the Barman Cloud plugin ` +
        `refuses to archive into a used one), and both members read it there ` +
        `(externalClusters ${site})`,
    );
  }
  // overlays/dr/patches/postgres.yaml: chittagong pins primary; its token is added, or the inherited one removed.
  let drPostgres = setOp(
    drPostgresMember,
    PRIMARY_PATH,
    { op: 'replace', value: t.chittagong.primary },
    `${comment}: this member's primary (pinned: overlays/dr inherits prod's)`,
  );
  const tokenOp: PatchOp | undefined =
    t.chittagong.token !== undefined
      ? { op: 'add', value: t.chittagong.token }
      : t.dhaka.token !== undefined
        ? { op: 'remove' }
        : undefined;
  drPostgres = setOp(
    drPostgres,
    TOKEN_PATH,
    tokenOp,
    tokenOp?.op === 'remove'
      ? `${comment}: prod's token is not for this replica (cnpg#9273)`
      : `${comment}: Dhaka's demotion token`,
  );

  let drHpa = texts.drHpa;
  const hpaLines: string[] = [];
  if (t.drScaled === 'up') {
    const wanted = new Map<string, { value: number; note?: number }>();
    for (const h of state.hpa) {
      const prod = prodHpa.get(h.name);
      if (prod === undefined)
        throw new ToolError(
          `${FILES.drHpa}: HPA ${h.name} is not in prod's render (expected dr to patch only prod's HPAs)`,
        );
      if (prod !== h.minReplicas) {
        wanted.set(h.name, { value: prod, note: h.standby ?? h.minReplicas });
        hpaLines.push(`${h.name} minReplicas ${h.minReplicas} -> ${prod} (prod's)`);
      }
    }
    drHpa = setHpaMins(drHpa, wanted);
  } else if (t.drScaled === 'down') {
    const wanted = new Map<string, { value: number }>();
    for (const h of state.hpa) {
      if (h.standby !== undefined) {
        wanted.set(h.name, { value: h.standby });
        hpaLines.push(`${h.name} minReplicas ${h.minReplicas} -> ${h.standby} (standby, as noted by the failover)`);
      } else if (prodHpa.get(h.name) === h.minReplicas) {
        notices.push(
          `${FILES.drHpa}: HPA ${h.name} has no "# standby minReplicas: N" note; ` +
            `left at ${h.minReplicas} (set the standby size by hand)`,
        );
      }
    }
    drHpa = setHpaMins(drHpa, wanted);
  }

  let prodDns = texts.prodDns;
  let drDns = texts.drDns;
  if (t.traffic !== undefined) {
    prodDns = setDns(prodDns, t.traffic === DHAKA ? DNS_ACTIVE : DNS_STANDBY, FILES.prodDns);
    drDns = setDns(drDns, t.traffic === CHITTAGONG ? DNS_ACTIVE : DNS_STANDBY, FILES.drDns);
  }

  const changes: FileChange[] = [
    { file: FILES.component, before: texts.component, after: component },
    { file: FILES.drPostgres, before: texts.drPostgres, after: drPostgres },
    { file: FILES.drHpa, before: texts.drHpa, after: drHpa },
    { file: FILES.prodDns, before: texts.prodDns, after: prodDns },
    { file: FILES.drDns, before: texts.drDns, after: drDns },
  ].filter((c) => c.before !== c.after);

  const fullSummary = [...summary, ...memberLines];
  if (hpaLines.length > 0)
    fullSummary.push(`scale ${t.drScaled === 'up' ? 'up' : 'down'} DR (${FILES.drHpa}): ${hpaLines.join('; ')}`);
  if (t.traffic !== undefined)
    fullSummary.push(
      `traffic: the Ingress annotation ` +
        `${'external-dns.alpha.kubernetes.io/controller'} is ${DNS_ACTIVE} on ` +
        `${t.traffic} and ${DNS_STANDBY} on the other site (${FILES.prodDns}, ` +
        `${FILES.drDns}); external-dns moves api, patient-api, doctor and ` +
        `patients.zarishsphere.com`,
    );

  const replica = (
    self: Site,
    source: Site,
    m: { primary: Site; token: string | undefined },
  ): Record<string, string> => ({
    self,
    primary: m.primary,
    source,
    ...(m.token !== undefined ? { promotionToken: m.token } : {}),
  });
  return {
    action,
    changes,
    summary: fullSummary,
    manual: [...manual, ...runbook(action, t).filter((l) => l.includes(': MANUAL'))],
    notices,
    expect: { prod: replica(DHAKA, CHITTAGONG, t.dhaka), dr: replica(CHITTAGONG, DHAKA, t.chittagong) },
  };
}

export { runbook };
