// Secret values with --format kube on the fake machine: a compose secret from `environment:` (compose allows no
// `content:` for secrets) and an environment value from the OS environment each become a Secret document in a file of mode 0600 (`convert -o DIR`
// writes it beside the manifests, `up` into the private folder, where the `.kube` unit reads it); no value, plain
// or base64, is in a manifest, the YAML stream, a unit, printed output or a command. A `file:` secret stays in its
// file, read by the `.kube` unit at every start.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { HOME, Machine } from './harness.js';

const COMPOSE = `name: vault
services:
  app:
    image: docker.io/library/alpine:3.20
    command: ["sleep", "infinity"]
    environment:
      TOKEN: \${TOKEN}
    secrets:
      - api_key
      - source: motd_key
        target: /etc/app/motd.key
        mode: 0400
      - db_password
secrets:
  api_key:
    environment: API_KEY
  motd_key:
    environment: MOTD_KEY
  db_password:
    file: ./db_password.txt
`;
const ENV = { API_KEY: 'env-secret-value-91ab', MOTD_KEY: 'env-secret-motd-4c1e', TOKEN: 'os-env-token-5d27' };
const FILE_VALUE = 'file-secret-value-0e6c';
const VALUES = [...Object.values(ENV), FILE_VALUE];
const PRIVATE_SECRETS = ['vault-api-key-secret.yaml', 'vault-app-env-secret.yaml', 'vault-motd-key-secret.yaml'];
const QUADLET_DIR = `${HOME}/.config/containers/systemd/vault`;
const PRIVATE_DIR = `${HOME}/.config/compose2systemd/vault`;

const base64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');
/** The values (plain or base64) found in a text. */
const valuesIn = (text: string) => VALUES.filter((v) => text.includes(v) || text.includes(base64(v)));

let machines: Machine[] = [];
function machine(): Machine {
  const m = new Machine(COMPOSE);
  writeFileSync(join(m.dir, 'db_password.txt'), `${FILE_VALUE}\n`);
  m.systemd.podmanVersion = '5.4.2';
  m.systemd.quadletDirs.push(QUADLET_DIR);
  machines.push(m);
  return m;
}
afterEach(() => {
  for (const m of machines) m.cleanup();
  machines = [];
});

/** name -> key -> decoded value, of the Secret documents of a text. */
function secretsIn(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as { kind?: string; metadata?: { name: string }; data?: Record<string, string> } | null;
    if (o?.kind !== 'Secret') continue;
    out[o.metadata!.name] = Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  }
  return out;
}

describe('convert --format kube -o DIR', () => {
  it('writes each secret value and private environment value as a Secret document of mode 0600, none in a manifest', async () => {
    const m = machine();
    const dir = join(m.dir, 'k8s');
    const r = await m.run(['convert', '--format', 'kube', '-o', 'k8s'], { env: ENV });
    expect(r.code).toBe(0);
    const files = m.host.snapshot(dir);
    const names = Object.keys(files).map((p) => p.slice(dir.length + 1));
    for (const name of PRIVATE_SECRETS) expect(m.host.modes.get(join(dir, name)), name).toBe(0o600);
    const manifests = names.filter((n) => !PRIVATE_SECRETS.includes(n));
    expect(manifests.length).toBeGreaterThanOrEqual(2);
    for (const name of manifests) expect(valuesIn(files[join(dir, name)]!), name).toEqual([]);
    // each secret volume names a Secret whose key holds the value: from this folder, or (a file secret) made by the user
    const secrets = Object.assign({}, ...PRIVATE_SECRETS.map((n) => secretsIn(files[join(dir, n)]!))) as Record<string, Record<string, string>>;
    expect(secrets).toEqual({
      'vault-api-key': { api_key: ENV.API_KEY },
      'vault-motd-key': { motd_key: ENV.MOTD_KEY },
      'vault-app-env': { TOKEN: ENV.TOKEN },
    });
    const deployment = parse(files[join(dir, 'vault-app-deployment.yaml')]!) as { spec: { template: { spec: { volumes: { secret?: { secretName: string; items: { key: string }[] } }[] } } } };
    const used = deployment.spec.template.spec.volumes.flatMap((v) => (v.secret ? [`${v.secret.secretName}/${v.secret.items[0]!.key}`] : []));
    expect(used.sort()).toEqual(['vault-api-key/api_key', 'vault-db-password/db_password', 'vault-motd-key/motd_key']);
    expect(Object.values(files).some((t) => t.includes(FILE_VALUE))).toBe(false);
    expect(r.stderr).toContain(`note: ${PRIVATE_SECRETS.join(', ')} hold values that are not in the compose file (mode 0600)`);
  });

  it('prints no value, and the Secret documents only with --show-secrets', async () => {
    const m = machine();
    const r = await m.run(['convert', '--format', 'kube'], { env: ENV });
    expect(r.code).toBe(0);
    expect(valuesIn(r.stdout + r.stderr)).toEqual([]);
    expect(Object.keys(secretsIn(r.stdout))).toEqual([]);
    const shown = await m.run(['convert', '--format', 'kube', '--show-secrets'], { env: ENV });
    expect(secretsIn(shown.stdout)['vault-motd-key']).toEqual({ motd_key: ENV.MOTD_KEY });
    expect(secretsIn(shown.stdout)['vault-api-key']).toEqual({ api_key: ENV.API_KEY });
  });
});

describe('up --format kube', () => {
  it('installs the Secret documents in the private folder (0600), read by the .kube unit; no value elsewhere', async () => {
    const m = machine();
    const r = await m.run(['up', '--format', 'kube'], { env: ENV });
    expect(r.code).toBe(0);
    const kube = m.host.peek(`${QUADLET_DIR}/vault.kube`)!;
    for (const name of PRIVATE_SECRETS) {
      expect(m.host.modes.get(`${PRIVATE_DIR}/${name}`), name).toBe(0o600);
      expect(kube).toContain(`%E/compose2systemd/vault/${name}\n`);
    }
    expect(secretsIn(m.host.peek(`${PRIVATE_DIR}/vault-api-key-secret.yaml`)!)).toEqual({ 'vault-api-key': { api_key: ENV.API_KEY } });
    // the file secret is read from its file at every start
    expect(kube).toContain(`${m.dir}/db_password.txt\n`);
    const elsewhere = Object.entries(m.host.snapshot('/')).filter(([path]) => !PRIVATE_SECRETS.some((n) => path === `${PRIVATE_DIR}/${n}`));
    expect(elsewhere.flatMap(([path, text]) => valuesIn(text).map((v) => `${v} in ${path}`))).toEqual([]);
    expect(valuesIn(r.stdout + r.stderr)).toEqual([]);
    expect(m.host.calls.flatMap((c) => (c.op === 'run' ? valuesIn(c.argv.join(' ')) : []))).toEqual([]);
  });
});
