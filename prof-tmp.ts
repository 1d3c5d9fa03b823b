import { parseManifests } from './scripts/lib/validate/load.js';
import { createChecker } from './scripts/lib/validate/engine.js';
import { RULES } from './scripts/lib/validate/registry.js';
import { schemaSources } from './scripts/lib/validate/run.js';
import { flowDepthExceeded } from './scripts/lib/safety/input.js';
const cpu = (fn: () => unknown) => { const c = process.cpuUsage(); fn(); const d = process.cpuUsage(c); return Math.round((d.user + d.system) / 1000); };
const cm = (keys: number, size: number) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', 'data:', ...Array.from({ length: keys }, (_, i) => `  key-${i}: "${'x'.repeat(size)}"`)].join('\n') + '\n';
const schemas = schemaSources(process.cwd());
for (const k of [5000, 20000]) {
  const text = cm(k, 1000);
  let parsed: any;
  const flow = cpu(() => flowDepthExceeded(text, 100));
  const pm = cpu(() => { parsed = parseManifests(text, 'f', 'u'); });
  const unit = { name: 'u', environment: undefined, namespace: undefined, kubernetesVersion: '1.28', resources: parsed.resources, loadFindings: parsed.findings };
  const per: Record<string, number> = {};
  for (const rule of RULES) {
    const checker = createChecker({ rules: [rule], schemas, policy: undefined });
    per[rule.id] = cpu(() => checker.unit(unit));
  }
  const top = Object.entries(per).sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(k, { flow, pm }, top);
}
