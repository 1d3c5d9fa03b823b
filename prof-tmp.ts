import { validate } from './scripts/lib/validate/run.js';
const cpu = async (fn: () => Promise<unknown>) => { const c = process.cpuUsage(); const t = Date.now(); await fn(); const d = process.cpuUsage(c); return { cpuMs: Math.round((d.user + d.system) / 1000), wallMs: Date.now() - t }; };
await validate({ root: process.cwd(), paths: ['/tmp/perf13/docs1000.yaml'], cwd: process.cwd() });
for (const f of ['/tmp/perf13/docs10000.yaml', '/tmp/perf13/cm50000.yaml']) console.log(f, await cpu(() => validate({ root: process.cwd(), paths: [f], cwd: process.cwd() })), Math.round(process.memoryUsage().rss / 1e6), 'MB rss');
