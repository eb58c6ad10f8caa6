// Stage 10, output (plain units): the planned pod -> `P-pod.service`, which creates the pod every container
// joins: it publishes all services' ports, joins the project networks and carries the host entries and DNS
// settings of every service. Values that cannot be written become C702 (UnitDraft).
import type { PodPlan, PodValue } from '../../plan/plan.js';
import { podUnit, targetUnit } from '../../plan/unit-names.js';
import { publishValue } from '../../podman/run-options.js';
import type { UnitFile } from '../../systemd/unit-file.js';
import { withSpecifiers, type ArgGroup } from '../../systemd/unit-draft.js';
import type { OutputContext } from '../shared/output-context.js';
import type { StartStep } from '../shared/start-steps.js';
import { STOP_MARGIN_SEC } from '../shared/service-directives.js';

export interface PodUnitInput {
  /** Units the pod needs first (network units), and ExecStartPre checks of external networks. */
  readonly needs: readonly string[];
  readonly externalChecks: readonly StartStep[];
  /** The units of the containers in the pod (template instances one by one). */
  readonly members: readonly string[];
}

const flagged = (flag: string, values: readonly PodValue[]): ArgGroup[] =>
  values.map((v) => ({ args: [flag, v.value], ...(v.pointer !== undefined ? { pointer: v.pointer } : {}) }));

export function podUnitFile(ctx: OutputContext, pod: PodPlan, input: PodUnitInput): UnitFile {
  const project = ctx.project.name;
  const name = podUnit(project);
  const d = ctx.draft(name, ctx.header('the pod all services run in'));
  d.set('Unit', 'Description', `${project}: pod`);
  d.set('Unit', 'Wants', 'network-online.target');
  d.set('Unit', 'After', 'network-online.target');
  d.set('Unit', 'RequiresMountsFor', '%t/containers');
  d.set('Unit', 'PartOf', targetUnit(project));
  if (input.needs.length > 0) {
    d.set('Unit', 'Requires', input.needs.join(' '));
    d.set('Unit', 'After', input.needs.join(' '));
  }
  if (input.members.length > 0) {
    // The containers are bound to the pod and stop with it; when the pod is restarted (by Restart= too)
    // this brings them back.
    d.set('Unit', 'Wants', input.members.join(' '));
  }
  const grace = pod.stopGraceSec;
  d.set('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  // `podman pod start` returns once the infra container runs; its conmon is the pod's main process.
  d.set('Service', 'Type', 'forking');
  d.set('Service', 'Restart', 'on-failure');
  d.set('Service', 'RestartSec', '1s');
  d.set('Service', 'TimeoutStopSec', `${grace + STOP_MARGIN_SEC}s`);
  d.set('Service', 'PIDFile', '%t/%n.pid');
  d.exec('ExecStartPre', [{ args: ['/bin/rm', '-f', withSpecifiers('%t/%n.pid'), withSpecifiers('%t/%n.pod-id')] }], 'pid file removal');
  for (const c of input.externalChecks) d.exec('ExecStartPre', c.args, c.what);
  if (pod.hasJob) {
    d.note(
      'Service',
      '--exit-policy=continue: a one-shot job may run alone in the pod; with "stop" its exit would stop the pod and every unit bound to it.',
    );
  }
  const create: ArgGroup[] = [
    { args: [ctx.podman, 'pod', 'create'] },
    { args: ['--infra-conmon-pidfile', withSpecifiers('%t/%n.pid')] },
    { args: ['--pod-id-file', withSpecifiers('%t/%n.pod-id')] },
    { args: [`--exit-policy=${pod.hasJob ? 'continue' : 'stop'}`] },
    { args: ['--replace'] },
    { args: ['--name', project] },
    { args: ['--label', `com.docker.compose.project=${project}`] },
    // Aliases are not repeated on the networks: inside the pod every name resolves to 127.0.0.1 (the hosts below).
    ...pod.networks.map((key) => {
      const n = ctx.project.networks.get(key)!;
      return { args: ['--network', n.name], pointer: n.pointer };
    }),
    ...pod.ports.map((p) => ({ args: ['--publish', publishValue(p)], pointer: p.pointer })),
    ...flagged('--add-host', pod.hosts),
    ...flagged('--dns', pod.dns),
    ...flagged('--dns-search', pod.dnsSearch),
    ...flagged('--dns-option', pod.dnsOptions),
  ];
  d.exec('ExecStartPre', create, 'pod create command');
  d.exec('ExecStart', [{ args: [ctx.podman, 'pod', 'start', '--pod-id-file', withSpecifiers('%t/%n.pod-id')] }], 'pod start command');
  d.exec('ExecStop', [{ args: [ctx.podman, 'pod', 'stop', '--ignore', '-t', String(grace), '--pod-id-file', withSpecifiers('%t/%n.pod-id')] }], 'pod stop command');
  d.exec('ExecStopPost', [{ args: [ctx.podman, 'pod', 'rm', '--ignore', '-f', '--pod-id-file', withSpecifiers('%t/%n.pod-id')] }], 'pod remove command');
  return d.build();
}
