// Stage 10, output (both systemd formats): the values that are not public in the compose file -> files of the
// private folder (mode 0600, shown redacted): a service's env file (and its lifecycle hooks'), a secret's value, a config's content. The
// units refer to them by path, so no such value is on a command line or in a unit. Reports C721.
import { isLiteral, type LifecycleHook, type Secret, type ValueSource } from '../../model/types.js';
import { planCodes } from '../../plan/codes.js';
import type { ConfigFile, ServicePlan } from '../../plan/plan.js';
import { envFileName, hookEnvFileName, privateDir, secretFileName, secretUnit, serviceUnit, type HookKey } from '../../plan/unit-names.js';
import { pointerJoin } from '../../source/origins.js';
import type { OutputFile } from '../output.js';
import type { OutputContext } from './output-context.js';

/** Where a value came from, in place of the value (`POSTGRES_PASSWORD=<from $DB_PASSWORD>`). */
export function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case 'variables':
      return `<from ${source.names.map((n) => `$${n}`).join(', ')}>`;
    case 'env_file':
      return `<from env_file ${source.path}>`;
    case 'host':
      return '<from the environment>';
    case 'literal':
      return '<written in the compose file>';
  }
}

/** The path the units use for a file of the private folder (with the `%E` specifier). */
export function privatePath(ctx: OutputContext, name: string): string {
  return `${privateDir(ctx.project.name)}/${name}`;
}

/**
 * podman's env file (`--env-file`, Quadlet's `EnvironmentFile=`): `KEY=VALUE` lines read to the end of the
 * line, without quotes or escapes, so a value with a line break cannot be written there (C721).
 */
export function envFile(ctx: OutputContext, sp: ServicePlan): OutputFile | undefined {
  if (sp.privateEnv.length === 0) return undefined;
  const lines: string[] = [];
  const redacted: string[] = [];
  for (const e of sp.privateEnv) {
    if (/[\r\n\u0000]/.test(e.value)) {
      ctx.report(planCodes.privateValueUnwritable, `the value of \`${e.key}\` of service \`${sp.service.name}\` (${describeSource(e.source)}) holds a line break, which podman's env file cannot carry`, pointerJoin(pointerJoin(sp.service.pointer, 'environment'), e.key), {
        help: 'give the value through a secret (`secrets:` with `file:`) or a mounted file instead',
      });
      continue;
    }
    lines.push(`${e.key}=${e.value}`);
    redacted.push(`${e.key}=${describeSource(e.source)}`);
  }
  const name = envFileName(ctx.project.name, sp.service.name);
  const header = `# The environment of service ${sp.service.name} that is not written in the compose file (compose2systemd).`;
  const readers = [serviceUnit(ctx.project.name, sp.service.name, sp.role.template)];
  return { root: 'private', name, content: [header, ...lines, ''].join('\n'), redacted: [header, ...redacted, ''].join('\n'), mode: 0o600, sensitive: true, readers };
}

/** The env files of the private folder for the hooks of one service (values from `.env`, the OS environment ...). */
function hookEnvFiles(ctx: OutputContext, sp: ServicePlan): OutputFile[] {
  const s = sp.service;
  const files: OutputFile[] = [];
  const add = (key: HookKey, hook: LifecycleHook, index: number) => {
    const lines: string[] = [];
    const redacted: string[] = [];
    for (const [k, v] of hook.environment) {
      const source = hook.environmentSources.get(k);
      if (isLiteral(source)) continue;
      if (/[\r\n\u0000]/.test(v)) {
        ctx.report(planCodes.privateValueUnwritable, `the value of \`${k}\` of a \`${key}\` hook of service \`${s.name}\` (${describeSource(source!)}) holds a line break, which podman's env file cannot carry`, pointerJoin(pointerJoin(hook.pointer, 'environment'), k), {
          help: 'give the value through a secret (`secrets:` with `file:`) or a mounted file instead',
        });
        continue;
      }
      lines.push(`${k}=${v}`);
      redacted.push(`${k}=${describeSource(source!)}`);
    }
    if (lines.length === 0 && redacted.length === 0) return;
    const header = `# The environment of ${key} hook ${index + 1} of service ${s.name} that is not written in the compose file (compose2systemd).`;
    const name = hookEnvFileName(ctx.project.name, s.name, key, index);
    files.push({ root: 'private', name, content: [header, ...lines, ''].join('\n'), redacted: [header, ...redacted, ''].join('\n'), mode: 0o600, sensitive: true, readers: [serviceUnit(ctx.project.name, s.name, sp.role.template)] });
  };
  s.preStart.forEach((h, i) => add('pre_start', h, i));
  if (!sp.role.job) {
    s.postStart.forEach((h, i) => add('post_start', h, i));
    s.preStop.forEach((h, i) => add('pre_stop', h, i));
  }
  return files;
}

/** A secret's value (from `environment:` or `content:`), for `podman secret create NAME FILE` by its unit. */
export function secretValueFile(ctx: OutputContext, secret: Secret): OutputFile | undefined {
  const src = secret.source;
  if (src.kind !== 'environment' && src.kind !== 'content') return undefined;
  const value = (src.kind === 'environment' ? src.value : src.content) ?? '';
  const from = src.kind === 'environment' ? `<secret from $${src.variable}>` : '<secret written in the compose file>';
  // Its unit re-creates the podman secret; the services that require that unit restart with it.
  const readers = [secretUnit(ctx.project.name, secret.key)];
  return { root: 'private', name: secretFileName(secret.key), content: value, redacted: `${from}\n`, mode: 0o600, sensitive: true, readers };
}

/** A config's content that came from variables or the environment: bind-mounted from the private folder. */
export function configContentFile(ctx: OutputContext, file: ConfigFile): OutputFile {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const readers = ctx.plan.services.filter((sp) => sp.needs.configFiles.some((f) => f.path === file.path)).map((sp) => serviceUnit(ctx.project.name, sp.service.name, sp.role.template));
  return { root: 'private', name, content: file.content, redacted: `<content of config ${file.config}, not written in the compose file>\n`, mode: file.mode, sensitive: true, readers };
}

/** Every file of the private folder the plan needs: secret values, env files, config contents (each once). */
export function privateFiles(ctx: OutputContext): OutputFile[] {
  const files = new Map<string, OutputFile>();
  const add = (f: OutputFile | undefined) => f && !files.has(f.name) && files.set(f.name, f);
  for (const secret of ctx.plan.secrets) add(secretValueFile(ctx, secret));
  for (const sp of ctx.plan.services) {
    add(envFile(ctx, sp));
    for (const f of hookEnvFiles(ctx, sp)) add(f);
    for (const f of sp.needs.configFiles) if (f.sensitive) add(configContentFile(ctx, f));
  }
  return [...files.values()];
}
