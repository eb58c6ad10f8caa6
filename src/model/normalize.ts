// Stage 6, normalize: merged compose tree -> ComposeProject (long syntax only, durations in ms, sizes in bytes,
// absolute host paths, real resource names). Pure: env files are read through the given callback.
// Reports C501-C520 (see codes.ts), located through the tree's origins, and C561 for undeclared references
// (check-references.ts), so that every command refuses them.
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { pointerJoin, type Origins, type Pointer } from '../source/origins.js';
import type { Span } from '../source/span.js';
import { checkReferences } from './check-references.js';
import { modelCodes } from './codes.js';
import { NormalizeContext } from './normalize-context.js';
import { normalizeService, type ReadEnvFile } from './normalize-service.js';
import { readNetworkPodman, readProjectPodman, readSecretPodman } from './podman-extensions.js';
import { resolveHostPath } from './resolve-host-path.js';
import type { ComposeProject, Config, FileSource, Ipam, Network, Secret, Service, Volume } from './types.js';

export type { EnvFileContents, ReadEnvFile } from './normalize-service.js';

export interface NormalizeInput {
  /** The merged, interpolated, schema-valid tree (no `!reset`/`!override` markers left). */
  readonly value: Record<string, unknown>;
  readonly origins: Origins;
  /** The project name, already decided and validated by discovery. */
  readonly name: string;
  /** Absolute project directory. */
  readonly workingDir: string;
  /** Absolute home directory, for `~` in host paths. */
  readonly homeDir: string;
  /** Resolves `environment: [NAME]`, `NAME:` without value, build args and `secrets.*.environment`. */
  readonly lookupEnv: (name: string) => string | undefined;
  /** Reads an `env_file`; undefined means "does not exist". Without it, env files are listed but not read. */
  readonly readEnvFile?: ReadEnvFile;
  /** The source text under a span; lets `mode: 0440` be read as octal, as compose reads it. */
  readonly sourceText?: (span: Span) => string | undefined;
  /** Services defined but left out by profile selection: a reference to one says so instead of "not defined". */
  readonly inactiveServices?: ReadonlySet<string>;
}

export interface NormalizeResult {
  /** Absent when an error was reported. */
  readonly project?: ComposeProject;
  readonly diagnostics: readonly Diagnostic[];
}

export function normalizeProject(input: NormalizeInput): NormalizeResult {
  const ctx = new NormalizeContext(input.origins, input.workingDir, input.homeDir, input.lookupEnv, input.sourceText);
  const root = input.value;

  const services = new Map<string, Service>();
  const rawServices = ctx.record(root['services'], '/services') ?? {};
  for (const name of sortedKeys(rawServices)) {
    const raw = ctx.record(rawServices[name] ?? {}, pointerJoin('/services', name)) ?? {};
    services.set(name, normalizeService(ctx, name, raw, input.readEnvFile));
  }

  const networks = new Map<string, Network>();
  const rawNetworks = ctx.record(root['networks'], '/networks') ?? {};
  for (const key of sortedKeys(rawNetworks)) networks.set(key, readNetwork(ctx, input.name, key, rawNetworks[key]));
  const usesDefault = [...services.values()].some((s) => s.networks.some((n) => n.name === 'default'));
  if (usesDefault && !networks.has('default')) {
    networks.set('default', implicitDefaultNetwork(input.name));
    sortMap(networks);
  }

  const volumes = new Map<string, Volume>();
  const rawVolumes = ctx.record(root['volumes'], '/volumes') ?? {};
  for (const key of sortedKeys(rawVolumes)) volumes.set(key, readVolume(ctx, input.name, key, rawVolumes[key]));

  const secrets = new Map<string, Secret>();
  const rawSecrets = ctx.record(root['secrets'], '/secrets') ?? {};
  for (const key of sortedKeys(rawSecrets)) {
    const s = readFileResource(ctx, input.name, '/secrets', key, rawSecrets[key]);
    if (s) secrets.set(key, s);
  }
  const configs = new Map<string, Config>();
  const rawConfigs = ctx.record(root['configs'], '/configs') ?? {};
  for (const key of sortedKeys(rawConfigs)) {
    const c = readFileResource(ctx, input.name, '/configs', key, rawConfigs[key]);
    if (c) configs.set(key, c);
  }

  checkReferences(ctx, services.values(), {
    networks: new Set(networks.keys()),
    volumes: new Set(volumes.keys()),
    // a secret or config whose declaration was refused above already has its own error
    secrets: new Set(Object.keys(rawSecrets)),
    configs: new Set(Object.keys(rawConfigs)),
    services: new Set(services.keys()),
    inactiveServices: input.inactiveServices ?? new Set(),
  });

  const extensions = new Map<string, unknown>();
  for (const [k, v] of Object.entries(root)) if (k.startsWith('x-')) extensions.set(k, v);

  const podman = readProjectPodman(ctx, root);
  const diagnostics = ctx.diagnostics;
  if (hasErrors(diagnostics)) return { diagnostics };
  return {
    project: {
      name: input.name,
      workingDir: input.workingDir,
      services,
      networks,
      volumes,
      secrets,
      configs,
      extensions,
      ...(podman !== undefined ? { podman } : {}),
      keys: new Set(Object.keys(root)),
      origins: input.origins,
    },
    diagnostics,
  };
}

/** The `x-*` keys of a declaration, in file order. */
function extensionsOf(rec: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(rec).filter(([k]) => k.startsWith('x-')));
}

function sortedKeys(rec: Record<string, unknown>): string[] {
  return Object.keys(rec).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sortMap<V>(map: Map<string, V>): void {
  const entries = [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  map.clear();
  for (const [k, v] of entries) map.set(k, v);
}

/**
 * `external: true`, or the deprecated `external: {name: x}` which also sets the real name.
 * Returns whether the resource is external and the name the deprecated form gave.
 */
function readExternal(ctx: NormalizeContext, value: unknown, pointer: Pointer): { external: boolean; name?: string } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const name = ctx.string((value as Record<string, unknown>)['name'], pointerJoin(pointer, 'name'));
    return { external: true, ...(name !== undefined ? { name } : {}) };
  }
  return { external: ctx.boolean(value, pointer) ?? false };
}

/** Podman's rule for network and volume names; anything else podman refuses, and a leading `-` reads as an option. */
const PODMAN_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** The real name of a network or volume, refused (C520) when podman could not take it. */
function podmanName(ctx: NormalizeContext, project: string, key: string, explicit: string | undefined, external: boolean, pointer: Pointer, kind: string): string {
  const name = realName(project, key, explicit, external);
  if (!PODMAN_NAME.test(name)) {
    ctx.report(modelCodes.invalidResourceName, pointer, `\`${name}\` cannot name a podman ${kind}: names start with a letter or digit and hold only letters, digits, \`_\`, \`.\` and \`-\``, {
      help: `rename the ${kind}`,
    });
  }
  return name;
}

/** `name:` wins; an external resource is known by its key; anything else is scoped to the project. */
function realName(project: string, key: string, explicit: string | undefined, external: boolean): string {
  return explicit ?? (external ? key : `${project}_${key}`);
}

function readNetwork(ctx: NormalizeContext, project: string, key: string, value: unknown): Network {
  const pointer = pointerJoin('/networks', key);
  const rec = ctx.record(value, pointer) ?? {};
  const at = (k: string) => pointerJoin(pointer, k);
  const ext = readExternal(ctx, rec['external'], at('external'));
  const driver = ctx.string(rec['driver'], at('driver'));
  const ipam = readIpam(ctx, rec['ipam'], at('ipam'));
  const enableIpv4 = ctx.boolean(rec['enable_ipv4'], at('enable_ipv4'));
  const enableIpv6 = ctx.boolean(rec['enable_ipv6'], at('enable_ipv6'));
  const podman = readNetworkPodman(ctx, rec, pointer);
  return {
    pointer,
    key,
    name: podmanName(ctx, project, key, ctx.string(rec['name'], at('name')) ?? ext.name, ext.external, rec['name'] !== undefined ? at('name') : at('external'), 'network'),
    external: ext.external,
    ...(driver !== undefined ? { driver } : {}),
    driverOpts: ctx.stringMap(rec['driver_opts'], at('driver_opts')),
    ...(ipam !== undefined ? { ipam } : {}),
    internal: ctx.boolean(rec['internal'], at('internal')) ?? false,
    ...(enableIpv4 !== undefined ? { enableIpv4 } : {}),
    ...(enableIpv6 !== undefined ? { enableIpv6 } : {}),
    attachable: ctx.boolean(rec['attachable'], at('attachable')) ?? false,
    labels: ctx.stringMap(rec['labels'], at('labels')),
    ...(podman !== undefined ? { podman } : {}),
    extensions: extensionsOf(rec),
    keys: new Set(Object.keys(rec)),
  };
}

function implicitDefaultNetwork(project: string): Network {
  return {
    pointer: pointerJoin('/networks', 'default'),
    key: 'default',
    name: `${project}_default`,
    external: false,
    driverOpts: new Map(),
    internal: false,
    attachable: false,
    labels: new Map(),
    extensions: new Map(),
    keys: new Set(),
  };
}

function readIpam(ctx: NormalizeContext, value: unknown, pointer: Pointer): Ipam | undefined {
  const rec = ctx.record(value, pointer);
  if (!rec) return undefined;
  const driver = ctx.string(rec['driver'], pointerJoin(pointer, 'driver'));
  const config = ctx.list(rec['config'], pointerJoin(pointer, 'config')).flatMap((item, i) => {
    const p = pointerJoin(pointerJoin(pointer, 'config'), i);
    const r = ctx.record(item, p);
    if (!r) return [];
    const subnet = ctx.string(r['subnet'], pointerJoin(p, 'subnet'));
    const ipRange = ctx.string(r['ip_range'], pointerJoin(p, 'ip_range'));
    const gateway = ctx.string(r['gateway'], pointerJoin(p, 'gateway'));
    return [
      {
        ...(subnet !== undefined ? { subnet } : {}),
        ...(ipRange !== undefined ? { ipRange } : {}),
        ...(gateway !== undefined ? { gateway } : {}),
        auxAddresses: ctx.stringMap(r['aux_addresses'], pointerJoin(p, 'aux_addresses')),
      },
    ];
  });
  return { ...(driver !== undefined ? { driver } : {}), config, options: ctx.stringMap(rec['options'], pointerJoin(pointer, 'options')) };
}

function readVolume(ctx: NormalizeContext, project: string, key: string, value: unknown): Volume {
  const pointer = pointerJoin('/volumes', key);
  const rec = ctx.record(value, pointer) ?? {};
  const at = (k: string) => pointerJoin(pointer, k);
  const ext = readExternal(ctx, rec['external'], at('external'));
  const driver = ctx.string(rec['driver'], at('driver'));
  const driverOpts = ctx.stringMap(rec['driver_opts'], at('driver_opts'));
  // A local volume with `o: bind` is a bind mount in disguise: its device is a host path like any other.
  const device = driverOpts.get('device');
  const o = driverOpts.get('o');
  if ((driver === undefined || driver === 'local') && device !== undefined && o !== undefined && o.split(',').includes('bind')) {
    const resolved = ctx.take(resolveHostPath(device, ctx.workingDir, ctx.homeDir), pointerJoin(at('driver_opts'), 'device'), modelCodes.invalidVolume);
    if (resolved !== undefined) driverOpts.set('device', resolved);
  }
  return {
    pointer,
    key,
    name: podmanName(ctx, project, key, ctx.string(rec['name'], at('name')) ?? ext.name, ext.external, rec['name'] !== undefined ? at('name') : at('external'), 'volume'),
    external: ext.external,
    ...(driver !== undefined ? { driver } : {}),
    driverOpts,
    labels: ctx.stringMap(rec['labels'], at('labels')),
    extensions: extensionsOf(rec),
    keys: new Set(Object.keys(rec)),
  };
}

function readFileResource(ctx: NormalizeContext, project: string, base: '/secrets' | '/configs', key: string, value: unknown): Secret | undefined {
  const pointer = pointerJoin(base, key);
  const rec = ctx.record(value, pointer) ?? {};
  const at = (k: string) => pointerJoin(pointer, k);
  const ext = readExternal(ctx, rec['external'], at('external'));
  const explicitName = ctx.string(rec['name'], at('name')) ?? ext.name;
  const name = realName(project, key, explicitName, ext.external);
  let source: FileSource | undefined;
  if (ext.external) source = { kind: 'external', name };
  else if (rec['file'] !== undefined && rec['file'] !== null) {
    const file = ctx.string(rec['file'], at('file'));
    const path = file === undefined ? undefined : ctx.take(resolveHostPath(file, ctx.workingDir, ctx.homeDir), at('file'), modelCodes.invalidVolume);
    if (path !== undefined) source = { kind: 'file', path };
  } else if (rec['environment'] !== undefined && rec['environment'] !== null) {
    const variable = ctx.string(rec['environment'], at('environment'));
    if (variable !== undefined) {
      const v = ctx.lookupEnv(variable);
      source = { kind: 'environment', variable, ...(v !== undefined ? { value: v } : {}) };
    }
  } else if (rec['content'] !== undefined && rec['content'] !== null) {
    const content = ctx.string(rec['content'], at('content'));
    if (content !== undefined) source = { kind: 'content', content };
  } else {
    ctx.unexpected(pointer, `a ${base === '/secrets' ? 'secret' : 'config'} with \`file\`, \`environment\`, \`content\` or \`external\``, value);
  }
  if (!source) return undefined;
  // podman-compose reads `x-podman.relabel` for secrets only
  const podman = base === '/secrets' ? readSecretPodman(ctx, rec, pointer) : undefined;
  return { pointer, key, name, source, labels: ctx.stringMap(rec['labels'], at('labels')), ...(podman !== undefined ? { podman } : {}), extensions: extensionsOf(rec), keys: new Set(Object.keys(rec)) };
}
