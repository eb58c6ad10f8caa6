// Over every convertible corpus project and every example, in the three formats: no value that is not written
// in the compose file (interpolated from .env, --env-file or the OS environment, read from env_file:, a secret's
// or config's source) appears in a unit, Quadlet file or Kubernetes manifest (`convert -o DIR` writes those,
// `up --format kube` the `.kube` unit and one YAML stream), nor in what `convert` prints of a private file; each
// such value is in a private file of mode 0600 (for kube: a Secret document, its values base64-encoded). The
// values are found here from the raw YAML, independently of the loader, and marked with unique canaries.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { convertProject } from '../../src/pipeline.js';
import { diskFs } from '../support/cli.js';
import { CORPUS, envTemplateFor, filesFor, readManifest } from './manifest.js';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');
const FORMATS = [
  { format: 'units', podmanVersion: '4.3' },
  { format: 'quadlet', podmanVersion: '5.4' },
  { format: 'kube', podmanVersion: '5.4' },
] as const;

interface Project {
  readonly label: string;
  readonly files: readonly string[];
  readonly envFiles?: readonly string[];
  readonly pod?: boolean;
  /** The OS environment of the run without canaries. */
  readonly env?: Readonly<Record<string, string>>;
}

// One project that takes a value from each source, so every kind is checked whatever the corpus holds.
const scratch = mkdtempSync(join(tmpdir(), 'c2s-private-values-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
writeFileSync(join(scratch, '.env'), 'FROM_DOTENV=dotenv-value-9f3b1\nAPI_TOKEN=dotenv-token-77c2e\n');
writeFileSync(join(scratch, 'app.env'), 'FROM_ENV_FILE=env-file-value-4d8a0\n');
writeFileSync(join(scratch, 'db_password.txt'), 'secret-file-value-0e6c9\n');
writeFileSync(
  join(scratch, 'compose.yaml'),
  `name: sources
services:
  app:
    image: docker.io/library/alpine:3.20
    command: ["sleep", "infinity"]
    env_file: [app.env]
    environment:
      A: \${FROM_DOTENV}
      B: prefix-\${API_TOKEN:-none}-suffix
      HOST_ONLY:
      PUBLIC: written-here
    secrets: [db_password, api_key]
    configs: [settings]
secrets:
  db_password:
    file: ./db_password.txt
  api_key:
    environment: API_KEY
configs:
  settings:
    environment: SETTINGS
`,
);

const rows = readManifest();
const projects: Project[] = [
  ...rows.filter((r) => r.expected === 'valid').map((r) => ({ label: r.file, files: filesFor(r) })),
  ...rows
    .filter((r) => r.expected === 'needs-env')
    .map((r) => {
      const template = envTemplateFor(r, rows);
      return { label: r.file, files: filesFor(r), envFiles: template ? [join(CORPUS, 'public', template)] : undefined };
    }),
  {
    label: 'a project with every source',
    files: [join(scratch, 'compose.yaml')],
    env: { API_KEY: 'os-env-api-key-5a1f3', SETTINGS: 'os-env-settings-8b2d4', HOST_ONLY: 'os-env-host-only-c3e7a' },
  },
  ...readdirSync(EXAMPLES)
    .filter((n) => existsSync(join(EXAMPLES, n, 'compose.yaml')))
    .map((n) => ({ label: `examples/${n}`, files: [join(EXAMPLES, n, 'compose.yaml')], pod: n === 'pod' })),
];

// ---- what the compose files take from outside themselves, read from the raw YAML ----------------------------

const REF = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
const refsIn = (text: string) => [...text.replaceAll('$$', '').matchAll(REF)].map((m) => m[1]!);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Outside {
  /** Variables used only inside environment values, and names taken from the OS environment as they are. */
  readonly variables: Set<string>;
  /** Values read from env_file: files and secret/config source files. */
  readonly fileValues: Set<string>;
  /** Per variable: the services whose environment uses it (a canary must reach one of their env files). */
  readonly usedBy: Map<string, Set<string>>;
}

function readKeyValues(path: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) out.set(m[1]!, m[2]!.replace(/^(['"])(.*)\1$/, '$2'));
  }
  return out;
}

function outsideValues(files: readonly string[]): Outside {
  const variables = new Set<string>();
  const fileValues = new Set<string>();
  const usedBy = new Map<string, Set<string>>();
  const envRefs = new Set<string>();
  const otherRefs = new Set<string>();
  const use = (name: string, service: string | undefined) => {
    envRefs.add(name);
    if (service !== undefined) usedBy.set(name, (usedBy.get(name) ?? new Set()).add(service));
  };
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let doc: unknown;
    try {
      doc = parse(text, { maxAliasCount: -1, merge: true, logLevel: 'error' });
    } catch {
      continue;
    }
    if (!isRecord(doc)) continue;
    walkOutsideEnvironment(doc, (value) => refsIn(value).forEach((n) => otherRefs.add(n)));
    const dir = dirname(file);
    for (const [service, def] of Object.entries(isRecord(doc['services']) ? doc['services'] : {})) {
      if (!isRecord(def)) continue;
      const env = def['environment'];
      const entries: [string, unknown][] = isRecord(env)
        ? Object.entries(env)
        : Array.isArray(env)
          ? env.map((e) => (String(e).includes('=') ? [String(e).slice(0, String(e).indexOf('=')), String(e).slice(String(e).indexOf('=') + 1)] : [String(e), null]))
          : [];
      for (const [key, value] of entries) {
        if (value === null || value === undefined) {
          // `KEY` alone: the value comes from the OS environment under the same name
          if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
            use(key, service);
          }
          continue;
        }
        for (const name of refsIn(String(value))) use(name, service);
      }
      const envFiles = def['env_file'];
      for (const entry of Array.isArray(envFiles) ? envFiles : envFiles === undefined ? [] : [envFiles]) {
        const path = typeof entry === 'string' ? entry : isRecord(entry) ? String(entry['path']) : undefined;
        if (path && !path.includes('$')) for (const v of readKeyValues(resolve(dir, path)).values()) fileValues.add(v);
      }
    }
    for (const section of ['secrets', 'configs'] as const) {
      for (const def of Object.values(isRecord(doc[section]) ? doc[section] : {})) {
        if (!isRecord(def)) continue;
        if (typeof def['environment'] === 'string') {
          use(def['environment'], undefined);
        }
        if (section === 'secrets' && typeof def['file'] === 'string' && !def['file'].includes('$')) {
          const path = resolve(dir, def['file']);
          if (existsSync(path) && !readdirSyncSafe(path)) fileValues.add(readFileSync(path, 'utf8').trim());
        }
      }
    }
  }
  // a variable also used outside environment values (an image tag, a port, a healthcheck) may rightly be in a unit
  for (const name of envRefs) if (!otherRefs.has(name)) variables.add(name);
  const composeText = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  // short or public values (`true`, `8080`, a value also written in the compose file) could be in a unit by chance
  for (const v of [...fileValues]) if (v.length < 8 || composeText.includes(v)) fileValues.delete(v);
  return { variables, fileValues, usedBy };
}

/** Every string of the document (keys too) except the values of `environment:` (and `x-` extension fields). */
function walkOutsideEnvironment(node: unknown, visit: (s: string) => void): void {
  if (typeof node === 'string') visit(node);
  else if (Array.isArray(node)) node.forEach((n) => walkOutsideEnvironment(n, visit));
  else if (isRecord(node)) {
    for (const [k, v] of Object.entries(node)) {
      visit(k);
      if (k === 'environment' || k.startsWith('x-')) continue;
      walkOutsideEnvironment(v, visit);
    }
  }
}

function readdirSyncSafe(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

// ---- the check ------------------------------------------------------------------------------------------------

interface Tally {
  converted: number;
  refused: number;
  canaries: number;
  fileValues: number;
  envValues: number;
  /** Kubernetes manifests checked (`convert -o DIR`): every converted kube project has some. */
  manifests: number;
}
const convertedLabels = new Set<string>();
const tally: Record<string, Tally> = Object.fromEntries(FORMATS.map((f) => [f.format, { converted: 0, refused: 0, canaries: 0, fileValues: 0, envValues: 0, manifests: 0 }]));

function convert(p: Project, format: (typeof FORMATS)[number], env: Record<string, string>) {
  return convertProject(
    { files: p.files, cwd: dirname(p.files[0]!), env, homeDir: '/home/user', envFiles: p.envFiles },
    // every kube service is a pod of its own: --pod belongs to the systemd formats
    { format: format.format, podmanVersion: format.podmanVersion, pod: format.format !== 'kube' && (p.pod ?? false) },
    diskFs,
  );
}

const leaks = (texts: readonly { name: string; content: string }[], values: Iterable<string>) =>
  [...values].flatMap((v) => texts.filter((t) => t.content.includes(v)).map((t) => `${JSON.stringify(v)} in ${t.name}`));

/** A file's text with the base64 `data`/`binaryData` values of its YAML documents decoded, as a reader would see them. */
function readable(f: { name: string; content: string }): { name: string; content: string } {
  if (!f.name.endsWith('.yaml')) return f;
  const decoded: string[] = [];
  for (const doc of parseAllDocuments(f.content)) {
    const o: unknown = doc.toJS();
    if (!isRecord(o)) continue;
    for (const field of ['data', 'binaryData']) {
      const values = o[field];
      if (o['kind'] === 'ConfigMap' && field === 'data') continue;
      if (isRecord(values)) for (const v of Object.values(values)) decoded.push(Buffer.from(String(v), 'base64').toString('utf8'));
    }
  }
  return { name: f.name, content: [f.content, ...decoded].join('\n') };
}

describe.each(FORMATS)('--format $format', (format) => {
  test.each(projects.map((p) => [p.label, p] as const))('no private value in a unit: %s', (_label, p) => {
    const outside = outsideValues(p.files);
    const canary = new Map([...outside.variables].sort().map((name, i) => [name, `c2sCanary${i}x${name.length}Qz`] as const));
    const dotenv = new Map<string, string>();
    for (const f of p.envFiles ?? [join(dirname(p.files[0]!), '.env')]) for (const [k, v] of readKeyValues(f)) dotenv.set(k, v);

    // 1. every variable bound for an environment value set in the OS environment to a unique canary
    const marked = convert(p, format, Object.fromEntries(canary));
    // 2. the project as its user runs it: values from .env / the env template, env_file:, secret files
    const plain = convert(p, format, { ...p.env });
    const t = tally[format.format]!;
    if (!plain.files) {
      t.refused++;
      // refused: nothing written, so nothing can leak; the refusal is a coded error
      expect(plain.diagnostics.some((d) => d.severity === 'error' && /^C\d+$/.test(d.code))).toBe(true);
      return;
    }
    t.converted++;
    convertedLabels.add(`${format.format} ${p.label}`);
    // what `up` installs, and for kube also what `convert -o DIR` writes
    const written = (r: typeof plain) => [...(r.files ?? []), ...(r.output?.manifests ?? [])];
    for (const r of [marked, plain]) {
      for (const f of written(r)) {
        if (f.root !== 'private') continue;
        // a config keeps its compose `mode` (the container reads it through a bind mount): 0444 unless set, and
        // the private folder (0700) keeps others out; env files and secrets are 0600 themselves
        if (f.name.startsWith('config-')) expect(f.mode! & 0o222, f.name).toBe(0);
        else expect(f.mode, f.name).toBe(0o600);
      }
    }
    // every file outside the private folder, and the redacted form `convert` prints of each private one
    const unitsOf = (r: typeof plain) => [
      ...written(r).filter((f) => f.root !== 'private').map(readable),
      ...written(r).flatMap((f) => (f.root === 'private' && f.redacted !== undefined ? [{ name: `${f.name} (as printed)`, content: f.redacted }] : [])),
    ];
    const privateText = (r: typeof plain) => written(r).filter((f) => f.root === 'private').map((f) => readable(f).content).join('\n');

    if (marked.files) {
      expect(leaks(unitsOf(marked), canary.values())).toEqual([]);
      // the canaries did reach the output: each one bound for a converted service's environment is in a private file
      const services = new Set((marked.plan?.services ?? []).map((s) => s.service.name));
      for (const [name, value] of canary) {
        const users = [...(outside.usedBy.get(name) ?? [])].filter((s) => services.has(s));
        if (users.length === 0) continue;
        expect(privateText(marked), `${name} used by ${users.join(', ')}`).toContain(value);
        t.canaries++;
      }
    }
    expect(leaks(unitsOf(plain), outside.fileValues)).toEqual([]);
    t.fileValues += outside.fileValues.size;
    // the same value may also be that of a variable used outside environment values (user names often are)
    const given = new Map([...dotenv, ...Object.entries(p.env ?? {})]);
    const publicValues = new Set([...given].filter(([n]) => !outside.variables.has(n)).map(([, v]) => v));
    const envValues = [...outside.variables].flatMap((n) => {
      const v = given.get(n);
      return v !== undefined && v.length >= 8 && !publicValues.has(v) ? [v] : [];
    });
    expect(leaks(unitsOf(plain), envValues)).toEqual([]);
    t.envValues += envValues.length;
    t.manifests += plain.output?.manifests?.length ?? 0;
  });

  test('the check above is not vacuous', () => {
    const t = tally[format.format]!;
    console.log(`--format ${format.format}: ${t.converted} projects converted, ${t.refused} refused; checked ${t.canaries} canaries, ${t.fileValues} env_file/secret file values, ${t.envValues} .env/OS environment values, ${t.manifests} manifests`);
    expect(convertedLabels.has(`${format.format} a project with every source`)).toBe(true);
    expect(t.converted).toBeGreaterThanOrEqual(20);
    expect(t.canaries).toBeGreaterThanOrEqual(20);
    if (format.format === 'kube') expect(t.manifests).toBeGreaterThanOrEqual(t.converted);
  });
});
