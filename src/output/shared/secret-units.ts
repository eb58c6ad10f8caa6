// Stage 10, output (both systemd formats): compose secrets a service uses -> oneshot units `P-secret-KEY.service` that (re)create the
// podman secret from its file or value at every start, so the secret follows its source; external secrets
// get no unit, only a check. Reports C718 (a secret's value written into a unit file).
import type { Secret } from '../../model/types.js';
import type { StartStep } from './start-steps.js';
import { pointerJoin } from '../../source/origins.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import { planCodes } from '../../plan/codes.js';
import type { OutputContext } from './output-context.js';
import { RECREATE_SECRET_FROM_FILE, RECREATE_SECRET_FROM_VALUE } from './shell-steps.js';
import type { ArgGroup } from '../../systemd/unit-draft.js';
import { secretUnit, targetUnit } from '../../plan/unit-names.js';


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
  if (src.kind === 'file') {
    d.exec(
      'ExecStart',
      [{ args: ['/bin/sh', '-c', RECREATE_SECRET_FROM_FILE] }, nameArg, { args: [ctx.podman, 'secret', 'create'] }, nameArg, { args: [src.path], pointer: pointerJoin(secret.pointer, 'file') }],
      'secret create command',
    );
  } else {
    // An unset variable was reported by the loader; podman then refuses the empty secret at start.
    const value = (src.kind === 'environment' ? src.value : src.content) ?? '';
    const at = pointerJoin(secret.pointer, src.kind);
    if (value !== '') {
      ctx.report(planCodes.secretInUnit, `the value of secret \`${secret.key}\` is written into ${name}, which anyone who can read the unit directory can read`, at, {
        atKey: true,
        help: 'declare the secret with `file:` so that only the path goes into the unit',
      });
    }
    d.exec('ExecStart', [{ args: ['/bin/sh', '-c', RECREATE_SECRET_FROM_VALUE] }, nameArg, { args: [ctx.podman] }, { args: [value], pointer: at }], 'secret value');
  }
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
