// Stage 10, output (both systemd formats): compose secrets a service uses -> oneshot units `P-secret-KEY.service`
// that (re)create the podman secret from its file at every start, so the secret follows its source; a secret's
// value is a file of the private folder (private-files.ts); external secrets get no unit, only a check. No codes.
import type { Secret } from '../../model/types.js';
import type { StartStep } from './start-steps.js';
import { pointerJoin } from '../../source/origins.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import type { OutputContext } from './output-context.js';
import { RECREATE_SECRET_FROM_FILE } from './shell-steps.js';
import { privatePath } from './private-files.js';
import type { ArgGroup } from '../../systemd/unit-draft.js';
import { secretFileName, secretUnit, targetUnit } from '../../plan/unit-names.js';


export function secretUnitFile(ctx: OutputContext, secret: Secret): UnitFile | undefined {
  const src = secret.source;
  if (src.kind === 'external') return undefined;
  const name = secretUnit(ctx.project.name, secret.key);
  const d = ctx.draft(name, ctx.header(`secret ${secret.key}`));
  d.text('Unit', 'Description', `${ctx.project.name}: create secret ${secret.name}`, 'secret name', secret.pointer);
  d.set('Unit', 'RequiresMountsFor', '%t/containers');
  d.set('Unit', 'PartOf', targetUnit(ctx.project.name));
  d.set('Service', 'Type', 'oneshot');
  d.set('Service', 'RemainAfterExit', 'yes');
  d.note('Service', 'Recreated at every start, so the podman secret always holds what the compose file points to.');
  const nameArg: ArgGroup = { args: [secret.name], pointer: pointerJoin(secret.pointer, 'name') };
  // A value (from `environment:` or `content:`) is never in the unit: it is a file of the private folder, only
  // the units' owner can read it, and the podman secret is created from that file like a `file:` secret.
  const path: ArgGroup =
    src.kind === 'file'
      ? { args: [src.path], pointer: pointerJoin(secret.pointer, 'file') }
      : { args: [privatePath(ctx, secretFileName(secret.key))] };
  d.exec('ExecStart', [{ args: ['/bin/sh', '-c', RECREATE_SECRET_FROM_FILE] }, nameArg, { args: [ctx.podman, 'secret', 'create'] }, nameArg, path], 'secret create command');
  return d.build();
}

/** For a service: the secret units it needs, and checks that its external secrets exist. */
export function secretNeeds(ctx: OutputContext, keys: readonly string[]): { units: string[]; checks: StartStep[] } {
  const units: string[] = [];
  const checks: StartStep[] = [];
  for (const key of keys) {
    const secret = ctx.project.secrets.get(key)!;
    if (secret.source.kind === 'external') {
      // `podman secret exists` is newer than 4.3; inspect fails the same way for a missing secret.
      checks.push({ args: [{ args: [ctx.podman, 'secret', 'inspect', '--format', '{{.ID}}'] }, { args: [secret.name], pointer: secret.pointer }], what: `external secret ${key}` });
    } else units.push(secretUnit(ctx.project.name, key));
  }
  return { units, checks };
}
