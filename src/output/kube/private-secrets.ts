// Stage 10, output `kube`: the values that must not be part of the manifests -> Kubernetes Secrets in files of their
// own. A compose secret from `environment:` or `content:` becomes its Secret `P-KEY` (the one its secret volume
// names); a service's environment values from .env, --env-file, env_file: or the OS environment become the Secret
// `P-S-env`, which its container reads through `valueFrom.secretKeyRef`; a config whose content came from
// variables becomes a Secret in place of its ConfigMap. Each Secret is a document in a file of mode 0600: `up`
// installs it in the private folder and the `.kube` unit stores it as a podman secret at every start; `convert -o
// DIR` writes it beside the manifests. Printed output shows where each value comes from. Pure. No codes.
import type { Config, Secret as ComposeSecret } from '../../model/types.js';
import type { PrivateValue, ServicePlan } from '../../plan/plan.js';
import { pointerJoin } from '../../source/origins.js';
import type { OutputFile } from '../output.js';
import { describeSource } from '../shared/private-files.js';
import type { KubeContext } from './kube-context.js';
import type { Secret } from './kube-objects.js';
import { kubeName, projectObjectName } from './kube-names.js';
import { objectFileName, objectYaml } from './kube-yaml.js';

/** The Secret that holds a service's private environment values. */
export function envSecretName(ctx: KubeContext, service: string): string {
  return projectObjectName(ctx.project.name, `${service}-env`);
}

const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** The key of each private value in its Secret: the variable's own name where a Secret key can be that. */
export function envSecretKeys(values: readonly PrivateValue[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set(values.map((v) => v.key).filter((k) => SECRET_KEY.test(k)));
  values.forEach((v, i) => {
    let key = v.key;
    if (!SECRET_KEY.test(key)) {
      key = `value-${i + 1}`;
      while (used.has(key)) key = `_${key}`;
      used.add(key);
    }
    out.set(v.key, key);
  });
  return out;
}

/** A private Secret: its file (mode 0600, shown redacted) and where the `.kube` unit names it. */
export interface PrivateSecret {
  readonly name: string;
  readonly file: OutputFile;
  /** The compose key it comes from, for the unit's line. */
  readonly pointer: string;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const NOT_PUBLIC = 'It holds values that are not written in the compose file: keep it private (mode 0600), out of version control.';

function secretFile(ctx: KubeContext, name: string, label: string, values: readonly { key: string; value: string; shown: string }[], what: string, why = NOT_PUBLIC): OutputFile {
  const metadata = { name, labels: ctx.commonLabels(label) };
  const secret: Secret = { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data: Object.fromEntries(values.map((v) => [v.key, base64(v.value)])) };
  const shown: Secret = { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', stringData: Object.fromEntries(values.map((v) => [v.key, v.shown])) };
  const header = [...ctx.header(what), why].map((l) => `# ${l}\n`).join('');
  return { root: 'private', name: objectFileName(secret), content: header + objectYaml(secret), redacted: header + objectYaml(shown), mode: 0o600, sensitive: true };
}

function envSecret(ctx: KubeContext, sp: ServicePlan): PrivateSecret | undefined {
  if (sp.privateEnv.length === 0) return undefined;
  const s = sp.service;
  const keys = envSecretKeys(sp.privateEnv);
  const name = envSecretName(ctx, s.name);
  const values = sp.privateEnv.map((e) => ({ key: keys.get(e.key)!, value: e.value, shown: `${e.key}=${describeSource(e.source)}` }));
  return { name, file: secretFile(ctx, name, kubeName(s.name), values, `the environment of service ${s.name} that is not written in the compose file`), pointer: pointerJoin(s.pointer, 'environment') };
}

/** The content of a config that came from variables or the environment, as the Secret that replaces its ConfigMap. */
function configSecret(ctx: KubeContext, c: Config): PrivateSecret | undefined {
  const src = c.source;
  const content = src.kind === 'content' ? src.content : src.kind === 'environment' ? (src.value ?? '') : undefined;
  if (content === undefined) return undefined;
  const name = ctx.configMapName(c);
  const values = [{ key: c.key, value: content, shown: `<content of config ${c.key}, not written in the compose file>` }];
  return { name, file: secretFile(ctx, name, kubeName(c.key), values, `config ${c.key}, whose content is not written in the compose file`), pointer: c.pointer };
}

/**
 * A compose secret whose value the compose file gives (`environment:`, `content:`): its Secret, under the name and
 * key its secret volumes read. A `file:` secret is read from its file at every start instead, an external one exists.
 */
export function composeSecretOf(ctx: KubeContext, secret: ComposeSecret): PrivateSecret | undefined {
  const src = secret.source;
  if (src.kind !== 'environment' && src.kind !== 'content') return undefined;
  const value = (src.kind === 'environment' ? src.value : src.content) ?? '';
  const shown = src.kind === 'environment' ? `<secret from $${src.variable}>` : '<secret written in the compose file>';
  const name = ctx.secretName(secret);
  const why = src.kind === 'content' ? 'It holds the value of a secret: keep it private (mode 0600), out of version control.' : NOT_PUBLIC;
  const file = secretFile(ctx, name, kubeName(secret.key), [{ key: secret.key, value, shown }], `secret ${secret.key}`, why);
  return { name, file, pointer: pointerJoin(secret.pointer, src.kind) };
}

/** Every private Secret of the project: the compose secrets with a value, each service's environment, then the private configs, by key. */
export function privateSecrets(ctx: KubeContext): PrivateSecret[] {
  const out: PrivateSecret[] = [];
  for (const secret of ctx.plan.secrets) {
    const cs = composeSecretOf(ctx, secret);
    if (cs) out.push(cs);
  }
  for (const sp of ctx.plan.services) {
    const e = envSecret(ctx, sp);
    if (e) out.push(e);
  }
  for (const key of [...ctx.privateConfigs].sort()) {
    const c = ctx.project.configs.get(key);
    const cs = c && configSecret(ctx, c);
    if (cs) out.push(cs);
  }
  return out;
}
