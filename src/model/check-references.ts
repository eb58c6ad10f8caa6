// Stage 6, references: services x declared resources -> C561 for every name a service uses that the project does
// not declare (networks, named volumes, secrets, configs, build secrets) and every service it reaches through
// links, volumes_from or a `service:` namespace that is not defined or not active. As compose's loader does,
// so that config, validate and convert agree. Pure.
import { closestName } from '../diagnostics/closest-name.js';
import { pointerJoin, type Pointer } from '../source/origins.js';
import { modelCodes } from './codes.js';
import type { NormalizeContext } from './normalize-context.js';
import type { Service } from './types.js';

export interface DeclaredNames {
  readonly networks: ReadonlySet<string>;
  readonly volumes: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
  readonly configs: ReadonlySet<string>;
  /** Active services. */
  readonly services: ReadonlySet<string>;
  /** Services that are defined but not active (none of their profiles enabled). */
  readonly inactiveServices: ReadonlySet<string>;
}

/** Namespaces a service may share with another service's container (`network_mode: service:db`). */
const NAMESPACE_KEYS = [
  ['network_mode', 'networkMode', 'network'],
  ['ipc', 'ipc', 'IPC'],
  ['pid', 'pid', 'PID'],
  ['uts', 'uts', 'UTS'],
] as const;

export function checkReferences(ctx: NormalizeContext, services: Iterable<Service>, declared: DeclaredNames): void {
  for (const s of services) {
    const resource = (kind: 'network' | 'volume' | 'secret' | 'config' | 'build secret', name: string, pointer: Pointer, atKey = false) => {
      const section = kind === 'build secret' ? 'secrets' : `${kind}s`;
      const names = declared[section as 'networks' | 'volumes' | 'secrets' | 'configs'];
      if (names.has(name)) return;
      const verb = kind === 'network' ? 'joins' : kind === 'volume' ? 'mounts' : 'uses';
      const near = closestName(name, names);
      ctx.report(modelCodes.unknownReference, pointer, `service \`${s.name}\` ${verb} ${kind} \`${name}\`, which the top-level \`${section}:\` does not declare`, {
        atKey,
        help: near !== undefined ? `did you mean \`${near}\`? Otherwise declare \`${name}\` under \`${section}:\`` : `declare \`${name}\` under \`${section}:\``,
      });
    };
    for (const n of s.networks) resource('network', n.name, n.pointer, true);
    for (const m of s.volumes) if (m.type === 'volume' && m.source !== undefined) resource('volume', m.source, m.pointer);
    for (const g of s.secrets) resource('secret', g.source, g.pointer);
    for (const g of s.configs) resource('config', g.source, g.pointer);
    for (const g of s.build?.secrets ?? []) resource('build secret', g.source, g.pointer);

    const service = (how: string, name: string, pointer: Pointer) => {
      if (declared.services.has(name)) return;
      if (declared.inactiveServices.has(name)) {
        ctx.report(modelCodes.unknownReference, pointer, `service \`${s.name}\` ${how} service \`${name}\`, whose profiles are not enabled`, {
          help: 'enable one of its profiles with --profile, or name the service on the command line',
        });
        return;
      }
      const near = closestName(name, [...declared.services, ...declared.inactiveServices]);
      ctx.report(modelCodes.unknownReference, pointer, `service \`${s.name}\` ${how} service \`${name}\`, which is not defined`, {
        help: near !== undefined ? `did you mean \`${near}\`?` : 'define the service under `services:`, or remove the reference',
      });
    };
    s.links.forEach((link, i) => service('links to', link.split(':')[0]!, pointerJoin(pointerJoin(s.pointer, 'links'), i)));
    s.volumesFrom.forEach((from, i) => {
      if (!from.startsWith('container:')) service('takes volumes from', from.split(':')[0]!, pointerJoin(pointerJoin(s.pointer, 'volumes_from'), i));
    });
    for (const [key, field, what] of NAMESPACE_KEYS) {
      const value = s[field];
      if (value !== undefined && value.startsWith('service:')) service(`shares the ${what} namespace of`, value.slice('service:'.length), pointerJoin(s.pointer, key));
    }
  }
}
