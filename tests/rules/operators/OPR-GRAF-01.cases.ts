import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['OPR-GRAF-01-dashboard-json'].map(fixture);

/** A dashboard ConfigMap with one key per model (JSON text without single quotes). */
const dashboards = (models: Record<string, unknown>, label = 'grafana_dashboard: "1"'): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dashboards\n  labels: {${label}}\ndata:\n` +
  Object.entries(models)
    .map(([k, v]) => `  ${k}: '${typeof v === 'string' ? v : JSON.stringify(v)}'\n`)
    .join('');

const GOOD = { title: 'HIS', panels: [{ type: 'row', panels: [{ type: 'graph' }] }], schemaVersion: 39, uid: 'his' };

const valid: RuleCase[] = [
  {
    name: 'good-models',
    yaml: dashboards({
      'a.json': GOOD,
      'b.json': { ...GOOD, uid: null },
      'notes.txt': 'not json',
      'c.json': { title: 'x', panels: [] },
    }),
  },
  // without the sidecar label it is no dashboard
  { name: 'not-a-dashboard', yaml: dashboards({ 'a.json': '{' }, 'app: web') },
];

const key = (line: number, k: string, message: string) => ({ line, path: `data["${k}"]`, message });

const invalid: RuleCase[] = [
  {
    name: 'shapes',
    yaml: dashboards({
      'array.json': [GOOD],
      'string.json': '"x"',
      'envelope.json': { dashboard: GOOD },
      'untitled.json': { title: ' ', panels: [] },
      'nopanels.json': { title: 'x' },
      'panel-not-object.json': { title: 'x', panels: [1] },
      'panel-no-type.json': { title: 'x', panels: [{ title: 'CPU', type: '' }] },
      'panel-no-type-untitled.json': { title: 'x', panels: [{}] },
      'nested-not-array.json': { title: 'x', panels: [{ type: 'row', panels: {} }] },
      'nested-bad.json': { title: 'x', panels: [{ type: 'row', panels: [{ type: 'graph' }, { title: 'Mem' }] }] },
      'schema.json': { ...GOOD, schemaVersion: '39' },
      'uid.json': { ...GOOD, uid: 'x'.repeat(41) },
      'uid-number.json': { ...GOOD, uid: 7 },
    }),
    expect: [
      key(7, 'array.json', 'dashboard array.json is an array, not a dashboard object; Grafana does not load it'),
      key(8, 'string.json', 'is string, not a dashboard object'),
      key(9, 'envelope.json', 'is wrapped in {"dashboard": ...}'),
      key(10, 'untitled.json', 'has no title (a non-empty string)'),
      key(11, 'nopanels.json', 'has no panels array'),
      key(12, 'panel-not-object.json', 'has panels[0] that is not an object'),
      key(13, 'panel-no-type.json', 'has panels[0] ("CPU") without a type'),
      key(14, 'panel-no-type-untitled.json', 'has panels[0] without a type'),
      key(15, 'nested-not-array.json', 'has panels[0].panels that is not an array'),
      key(16, 'nested-bad.json', 'has panels[0].panels[1] ("Mem") without a type'),
      key(17, 'schema.json', 'has schemaVersion "39", not a number'),
      key(18, 'uid.json', 'expected a string of at most 40 characters'),
      key(19, 'uid-number.json', 'has uid 7'),
    ],
  },
  {
    name: 'not-json',
    yaml: dashboards({ 'broken.json': '{"title": "x",\n\n  "panels": ]}' }),
    expect: [key(7, 'broken.json', 'is not valid JSON (Unexpected token')],
  },
];

export default {
  rule: 'OPR-GRAF-01',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
