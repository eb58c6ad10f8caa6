// Stage 10, output `kube`: the Quadlet `.kube` file that runs the project's YAML under systemd (`P.kube` ->
// `P.service`, podman kube play): the project's networks, the units it needs, and the start steps that create the
// project's secrets as podman secrets in the form podman kube play reads (a Kubernetes Secret document) at every
// start: a `file:` secret from its file, every other value from its private Secret document (private-secrets.ts),
// so no secret value is in the YAML or the unit. Codes: none.
import type { Secret } from '../../model/types.js';
import { targetUnit } from '../../plan/unit-names.js';
import { pointerJoin } from '../../source/origins.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import { privatePath } from '../shared/private-files.js';
import type { KubeContext } from './kube-context.js';
import type { PrivateSecret } from './private-secrets.js';

/** `sh -c SCRIPT NAME PODMAN KEY DATA`: replace podman secret NAME by a Secret document whose KEY holds base64 DATA. */
const SECRET_DOCUMENT =
  '"$1" secret rm "$0" >/dev/null 2>&1; ' +
  'printf \'apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: %s\\ndata:\\n  %s: %s\\n\' "$0" "$2" "$3" | "$1" secret create "$0" -';

/** `sh -c SCRIPT NAME PODMAN FILE`: replace podman secret NAME by the Secret document in FILE. */
export const SECRET_DOCUMENT_FILE = '"$1" secret rm "$0" >/dev/null 2>&1; "$1" secret create "$0" "$2"';

/** `sh -c SCRIPT NAME PODMAN KEY FILE`: the same with the content of FILE, read at every start. */
export const SECRET_FROM_FILE = `data=$(base64 -w0 < "$3") || exit 1; set -- "$0" "$1" "$2" "$data"; ${SECRET_DOCUMENT}`;

export interface KubeUnitInput {
  readonly name: string;
  readonly yaml: string;
  /** Real names of the networks every pod joins. */
  readonly networks: readonly string[];
  /** Units that must be active first (network, image and build units). */
  readonly needs: readonly string[];
  /** The `file:` secrets, read at every start (those with a value are among the private Secrets). */
  readonly fileSecrets: readonly Secret[];
  /** The Secrets of values that are not public in the compose file, each a document in the private folder. */
  readonly privateSecrets: readonly PrivateSecret[];
  /** TimeoutStartSec= when pods wait for health or jobs; undefined: systemd's default. */
  readonly startTimeoutSec: number | 'infinity' | undefined;
}

export function kubeUnitFile(ctx: KubeContext, input: KubeUnitInput): UnitFile {
  const P = ctx.project.name;
  const d = ctx.draft(input.name, ctx.header('every service, as Kubernetes YAML run by podman kube play'));
  d.text('Unit', 'Description', `compose project ${P} (Kubernetes YAML)`, 'project name');
  d.set('Unit', 'PartOf', targetUnit(P));
  if (input.needs.length > 0) {
    d.note('Unit', 'Networks and images exist before podman kube play.');
    d.set('Unit', 'Requires', input.needs.join(' '));
    d.set('Unit', 'After', input.needs.join(' '));
  }
  d.quadletValue('Kube', 'Yaml', input.yaml, 'YAML file name');
  for (const n of input.networks) d.quadletValue('Kube', 'Network', n, 'network name');
  for (const secret of input.fileSecrets) {
    if (secret.source.kind !== 'file') continue;
    const nameArg = { args: [ctx.secretName(secret)], pointer: pointerJoin(secret.pointer, 'name') };
    d.exec('ExecStartPre', [{ args: ['/bin/sh', '-c', SECRET_FROM_FILE] }, nameArg, { args: [ctx.podman, secret.key] }, { args: [secret.source.path], pointer: pointerJoin(secret.pointer, 'file') }], 'secret file');
  }
  for (const p of input.privateSecrets) {
    // The values are in the private file (mode 0600), never in the unit.
    d.exec('ExecStartPre', [{ args: ['/bin/sh', '-c', SECRET_DOCUMENT_FILE] }, { args: [p.name], pointer: p.pointer }, { args: [ctx.podman] }, { args: [privatePath(ctx, p.file.name)], pointer: p.pointer }], 'secret file');
  }
  if (input.fileSecrets.length + input.privateSecrets.length > 0) d.note('Service', 'Each secret is created again at every start as a Kubernetes Secret document, the form podman kube play reads.');
  if (input.startTimeoutSec === 'infinity') {
    d.note('Service', 'One-shot jobs run as init containers before the pods that wait for them: no start timeout, as for a job unit.');
    d.set('Service', 'TimeoutStartSec', 'infinity');
  } else if (input.startTimeoutSec !== undefined) {
    d.note('Service', 'The pods start one after another, a health-gated one only once healthy: the sum of their health bounds.');
    d.set('Service', 'TimeoutStartSec', `${input.startTimeoutSec}s`);
  }
  return d.build();
}
