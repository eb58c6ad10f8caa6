// Stage 9, plan: one service -> what must exist before its container starts: the project's networks, volumes
// and secrets it uses, the config files to write, host directories to create, and services whose containers it
// refers to (pure). Reports C561 for a config from an unset variable; the loader refused undeclared references.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { modelCodes } from '../model/codes.js';
import type { ComposeProject, Service, ServiceNetwork } from '../model/types.js';
import { pointerJoin, spanAt } from '../source/origins.js';
import type { ConfigFile, ServiceNeeds } from './plan.js';
import { configFileName } from './unit-names.js';

/** A config's file under `dataDir`, named after the config's key: the schema keeps keys to `[A-Za-z0-9._-]`. */
export function configFilePath(dataDir: string, configKey: string): string {
  return `${dataDir}/configs/${configKey}`;
}

/**
 * Networks in the order the container joins them: higher `priority` first (as compose connects them), ties in
 * the model's (name) order. In a pod the pod joins them, in name order.
 */
export function attachedNetworks(service: Service, inPod: boolean): readonly ServiceNetwork[] {
  if (inPod) return service.networks;
  if (service.networkMode !== undefined) return [];
  return service.networks
    .map((n, i) => ({ n, i }))
    .sort((a, b) => (b.n.priority ?? 0) - (a.n.priority ?? 0) || a.i - b.i)
    .map((x) => x.n);
}

export function serviceNeeds(project: ComposeProject, service: Service, opts: { readonly inPod: boolean; readonly dataDir: string; readonly privateDir: string }): { needs: ServiceNeeds; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  const networks: string[] = [];
  const volumes: string[] = [];
  const secrets: string[] = [];
  const configFiles: ConfigFile[] = [];
  const hostDirectories: string[] = [];
  const services: string[] = [];

  for (const n of attachedNetworks(service, opts.inPod)) {
    if (project.networks.has(n.name)) add(networks, n.name);
  }
  for (const ref of [service.networkMode, service.ipc, service.pid]) {
    if (ref?.startsWith('service:')) add(services, ref.slice('service:'.length));
  }
  for (const link of service.links) add(services, link.split(':')[0]!);

  for (const m of service.volumes) {
    if (m.type === 'bind' && m.bind?.createHostPath === true) add(hostDirectories, m.source!);
    if (m.type !== 'volume' || m.source === undefined) continue;
    if (project.volumes.has(m.source)) add(volumes, m.source);
  }
  for (const g of service.secrets) {
    if (project.secrets.has(g.source)) add(secrets, g.source);
  }
  for (const g of service.configs) {
    const config = project.configs.get(g.source);
    if (!config) continue;
    const src = config.source;
    if (src.kind !== 'content' && src.kind !== 'environment') continue;
    const content = src.kind === 'content' ? src.content : src.value;
    if (content === undefined) {
      const span = spanAt(project.origins, pointerJoin(config.pointer, 'environment'));
      diagnostics.push(
        diagnostic(modelCodes.unknownReference, `config \`${g.source}\` comes from the variable \`${src.kind === 'environment' ? src.variable : ''}\`, which is not set`, span ? [{ span }] : [], {
          help: 'set the variable when converting',
        }),
      );
      continue;
    }
    // Content from the environment or from variables is not public in the compose file: the private folder.
    const sensitive = src.kind === 'environment' || project.origins.get(pointerJoin(config.pointer, 'content'))?.variables !== undefined;
    const path = sensitive ? `${opts.privateDir}/${configFileName(config.key)}` : configFilePath(opts.dataDir, config.key);
    if (!configFiles.some((f) => f.path === path)) configFiles.push({ config: g.source, path, content, mode: g.mode ?? 0o444, sensitive });
  }
  for (const entry of service.volumesFrom) {
    const m = /^(container:)?(.*?)(?::(ro|rw))?$/.exec(entry)!;
    if (!m[1]) add(services, m[2]!);
  }
  return { needs: { networks, volumes, secrets, configFiles, hostDirectories, services }, diagnostics };
}
