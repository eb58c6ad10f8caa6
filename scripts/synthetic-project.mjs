// A generated compose project of any size, for the benchmark: YAML text with what large real projects use.
// Usage as a script: node scripts/synthetic-project.mjs N > compose.yaml
import { pathToFileURL } from 'node:url';

/**
 * `n` services (n >= 2) named s00000 ...: every service merges `x-defaults` (`<<: *defaults`), publishes a
 * port, joins one of n/50 networks and mounts one of n/10 volumes. Every tenth service is the head of a
 * chain of nine that each depend on the one before (depends_on chains); heads depend on `s00000` (fan-out
 * from one service, with a healthcheck and `service_healthy`), and every hundredth service also depends on
 * the ten chain ends before it (fan-in). Every fifth service has a healthcheck; `s00001` extends `s00000`.
 */
export function syntheticProject(n) {
  if (!Number.isInteger(n) || n < 2) throw new Error(`syntheticProject: n must be an integer >= 2, got ${n}`);
  const name = (i) => `s${String(i).padStart(5, '0')}`;
  const networks = Math.max(1, Math.floor(n / 50));
  const volumes = Math.max(1, Math.floor(n / 10));
  const out = [
    'name: synthetic',
    'x-defaults: &defaults',
    '  restart: unless-stopped',
    '  environment:',
    '    TZ: UTC',
    '    LOG_LEVEL: info',
    '  labels:',
    '    tier: synthetic',
    'services:',
  ];
  for (let i = 0; i < n; i++) {
    out.push(`  ${name(i)}:`);
    if (i === 1) {
      out.push('    extends:', `      service: ${name(0)}`);
    } else {
      out.push('    <<: *defaults', `    image: docker.io/library/busybox:1.${i % 37}`);
      out.push(`    command: ["sh", "-c", "echo ${name(i)} && sleep infinity"]`);
    }
    if (i !== 0) out.push('    ports:', `      - "127.0.0.1:${10000 + i}:80"`);
    out.push('    networks:', `      - n${i % networks}`);
    out.push('    volumes:', `      - v${Math.floor(i / 10) % volumes}:/data`);
    if (i % 5 === 0) {
      out.push('    healthcheck:', '      test: ["CMD", "true"]', '      interval: 10s', '      timeout: 3s', '      retries: 3');
    }
    const deps = [];
    if (i >= 2 && i % 10 === 0) deps.push([name(0), 'service_healthy']);
    else if (i >= 2 && i % 10 !== 1) deps.push([name(i - 1), (i - 1) % 5 === 0 ? 'service_healthy' : 'service_started']);
    if (i >= 100 && i % 100 === 0) for (let j = i - 91; j < i; j += 10) deps.push([name(j), 'service_started']);
    if (deps.length > 0) {
      out.push('    depends_on:');
      for (const [d, condition] of deps) out.push(`      ${d}:`, `        condition: ${condition}`);
    }
  }
  out.push('networks:');
  for (let k = 0; k < networks; k++) out.push(`  n${k}: {}`);
  out.push('volumes:');
  for (let k = 0; k < volumes; k++) out.push(`  v${k}: {}`);
  return out.join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(syntheticProject(Number(process.argv[2] ?? 1000)));
}
