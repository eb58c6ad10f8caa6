// Measures what the build-time compile saves: importing the generated standalone validator vs compiling the same
// schema with ajv at run time, each in fresh Node processes (median of N runs). Run after `npm run build`.
// Usage: node scripts/bench-validator.mjs [runs=7]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 7);
const sample = JSON.stringify({ services: { web: { image: 'nginx', ports: ['80:80'], depends_on: { db: { condition: 'service_healthy' } } }, db: { image: 'postgres' } } });
const generated = pathToFileURL(join(root, 'src', 'validate', 'generated', 'compose-validator.js')).href;
const buildScript = pathToFileURL(join(root, 'scripts', 'build-validator.mjs')).href;

// Each snippet prints "<load ms> <first validate ms>"; schema preparation (file reads) is not timed for ajv.
const standalone = `
const t0 = performance.now();
const { validate } = await import(${JSON.stringify(generated)});
const t1 = performance.now();
validate(${sample});
console.log(t1 - t0, performance.now() - t1);`;
const runtime = `
const { prepareSchema, ajvOptions } = await import(${JSON.stringify(buildScript)});
const { schema, formats } = prepareSchema();
const t0 = performance.now();
const { default: Ajv } = await import('ajv');
const ajv = new Ajv({ ...ajvOptions(formats, []), code: {} });
const validate = ajv.compile(schema);
const t1 = performance.now();
validate(${sample});
console.log(t1 - t0, performance.now() - t1);`;

function measure(code) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
    samples.push(out.trim().split(/\s+/).map(Number));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return { load: median(samples.map((s) => s[0])), first: median(samples.map((s) => s[1])) };
}

const a = measure(standalone);
const b = measure(runtime);
const fmt = (n) => `${n.toFixed(1)} ms`;
console.log(`median of ${runs} fresh processes (Node ${process.version})`);
console.log(`  generated standalone validator: import ${fmt(a.load)} + first validate ${fmt(a.first)} = ${fmt(a.load + a.first)}`);
console.log(`  ajv compile at run time:        import+compile ${fmt(b.load)} + first validate ${fmt(b.first)} = ${fmt(b.load + b.first)}`);
