// Merge stage, the rules: which path merges how, as one table read like the Compose Specification's merge chapter
// (and docker compose's override package, where the spec is silent). Incompatible shapes fall back to the default (C401).
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Origin } from '../load/tree.js';
import {
  deviceTarget,
  envFilePath,
  ipamSubnet,
  itemText,
  mountTarget,
  portKey,
  splitKeyValue,
  textBefore,
  tmpfsPath,
  volumeTarget,
  type ItemKey,
} from './item-keys.js';
import { mapNode, scalarNode, scalarText, seqNode, type MapNode, type MergeNode, type SeqNode } from './merge-node.js';

/** Keys from the root to a value; sequence items are their index. */
export type Path = readonly string[];

/** Decides one key present on both sides of a mapping merge; undefined removes it. */
export type EntryMerger = (base: MergeNode, over: MergeNode, path: Path) => MergeNode | undefined;

/** What a rule may ask of the engine (src/merge/merge-trees.ts). */
export interface MergeContext {
  /** A value as a single file means it: `!override x` is x, `!reset` entries are gone. */
  resolve(node: MergeNode, path: Path): MergeNode;
  /** Base and override at `path`, through the rules; undefined when the override removes the value. */
  merge(base: MergeNode | undefined, over: MergeNode, path: Path): MergeNode | undefined;
  /** Mappings key by key: base keys keep their place, new keys follow; `entry` decides shared keys (default: merge). */
  mergeMaps(base: MapNode, over: MapNode, path: Path, entry?: EntryMerger): MapNode;
  /** Mappings merge, sequences append, scalars are replaced; a mapping or sequence meeting another kind is C401. */
  mergeDefault(base: MergeNode, over: MergeNode, path: Path): MergeNode;
  report(diagnostic: Diagnostic): void;
}

export interface MergeRule {
  /** For documentation and tests. */
  readonly name: string;
  /** Combines two present, non-null values (the override may still carry tags inside). Absent: `mergeDefault`. */
  readonly merge?: (base: MergeNode, over: MergeNode, path: Path, ctx: MergeContext) => MergeNode | undefined;
  /** After merging (and in a single file), a later item replaces an earlier one with the same key, in its place. */
  readonly uniqueBy?: ItemKey;
  /** An explicit `null` in the override replaces the base value; otherwise null keeps the base, as docker compose does. */
  readonly nullReplaces?: boolean;
}

// ---- rule kinds ---------------------------------------------------------------------------------------------

/** The override's value, wholesale. */
export const replace: MergeRule = { name: 'replace', nullReplaces: true, merge: (_base, over, path, ctx) => ctx.resolve(over, path) };

/** Sequences append, then items with the same key collapse (the later wins, at the earlier one's place). */
export function appendUnique(key: ItemKey): MergeRule {
  return { name: 'appendUnique', uniqueBy: key };
}

/** A single string stands for a one-item list (`dns: 8.8.8.8`); otherwise like appendUnique. */
export function stringOrList(key: ItemKey): MergeRule {
  return {
    name: 'stringOrList',
    uniqueBy: key,
    merge: (base, over, path, ctx) => ctx.mergeDefault(asList(base), asList(over), path),
  };
}

function asList(node: MergeNode): MergeNode {
  return node.kind === 'scalar' ? seqNode([node], node.origin) : node;
}

/**
 * `["A=1", "B"]` or `{A: 1, B: null}`, merged by key: the override's entry replaces the base's (a null too, it means
 * "take it from the environment"). Two lists stay a list; otherwise the result is a mapping.
 */
export const mergeByKey: MergeRule = {
  name: 'mergeByKey',
  uniqueBy: textBefore('='),
  merge: (base, over, path, ctx) => {
    if (base.kind === 'seq' && over.kind === 'seq') return ctx.mergeDefault(base, over, path);
    const b = keyValueMap(base, path, '=', false, ctx);
    const o = keyValueMap(over, path, '=', false, ctx);
    if (!b || !o) return ctx.mergeDefault(base, over, path);
    return ctx.mergeMaps(b, o, path, (_b, ov, p) => ctx.resolve(ov, p));
  },
};

/**
 * extra_hosts: `["host:ip", "host=ip"]` or `{host: ip | [ip, ...]}`. A host may map to several addresses, so the
 * override's entries for a host replace all of the base's entries for it rather than being deduplicated one by one.
 */
export const mergeHosts: MergeRule = {
  name: 'mergeHosts',
  merge: (base, over, path, ctx) => {
    if (base.kind === 'seq' && over.kind === 'seq') {
      const added = ctx.resolve(over, path) as SeqNode;
      const hosts = new Set(added.items.map(hostOf));
      const kept = base.items.filter((item) => { const h = hostOf(item); return h === undefined || !hosts.has(h); });
      return seqNode([...kept, ...added.items], base.origin);
    }
    const b = keyValueMap(base, path, '=:', true, ctx);
    const o = keyValueMap(over, path, '=:', true, ctx);
    if (!b || !o) return ctx.mergeDefault(base, over, path);
    return ctx.mergeMaps(b, o, path, (_b, ov, p) => ctx.resolve(ov, p));
  },
};

function hostOf(item: MergeNode): string | undefined {
  const text = scalarText(item);
  return text === undefined ? undefined : splitKeyValue(text, '=:')[0];
}

/**
 * depends_on, networks, models: a list of names or a mapping keyed by name. Two lists stay a list (names unique);
 * otherwise listed names become entries (`defaultEntry`) and the mappings merge entry by entry.
 */
export function mergeByName(defaultEntry: (origin: Origin | undefined) => MergeNode): MergeRule {
  return {
    name: 'mergeByName',
    uniqueBy: itemText,
    merge: (base, over, path, ctx) => {
      if (base.kind === 'seq' && over.kind === 'seq') return ctx.mergeDefault(base, over, path);
      const toMap = (node: MergeNode): MapNode | undefined => {
        if (node.kind === 'map') return node;
        if (node.kind !== 'seq') return undefined;
        const entries = new Map<string, MergeNode>();
        for (const item of (ctx.resolve(node, path) as SeqNode).items) {
          const name = scalarText(item);
          if (name !== undefined) entries.set(name, defaultEntry(item.origin));
        }
        return mapNode(entries, node.origin);
      };
      const b = toMap(base);
      const o = toMap(over);
      return b && o ? ctx.mergeMaps(b, o, path) : ctx.mergeDefault(base, over, path);
    },
  };
}

/** A listed dependency means `{condition: service_started, required: true}`, as the long syntax's defaults. */
function dependsOnEntry(origin: Origin | undefined): MergeNode {
  const at = origin ? { value: origin.value } : undefined;
  return mapNode(
    new Map<string, MergeNode>([
      ['condition', scalarNode('service_started', at)],
      ['required', scalarNode(true, at)],
    ]),
    origin,
  );
}

/** `build: ./dir` is `build: {context: ./dir}`; two strings just replace. */
export const mergeBuild: MergeRule = {
  name: 'mergeBuild',
  merge: (base, over, path, ctx) => {
    if (base.kind === 'scalar' && over.kind === 'scalar') return ctx.resolve(over, path);
    const toMap = (node: MergeNode): MergeNode =>
      node.kind === 'scalar' ? mapNode(new Map([['context', scalarNode(node.value, node.origin ? { ...node.origin, key: node.origin.value } : undefined)]]), node.origin) : node;
    const b = toMap(base);
    const o = toMap(over);
    return b.kind === 'map' && o.kind === 'map' ? ctx.mergeMaps(b, o, path) : ctx.mergeDefault(base, over, path);
  },
};

/** Logging options merge only when both files name the same driver (or one names none); else the override wins. */
export const mergeLogging: MergeRule = {
  name: 'mergeLogging',
  merge: (base, over, path, ctx) => {
    if (base.kind === 'map' && over.kind === 'map') {
      const bd = scalarText(base.entries.get('driver'));
      const od = scalarText(over.entries.get('driver'));
      if (bd !== undefined && od !== undefined && bd !== od) return ctx.resolve(over, path);
    }
    return ctx.mergeDefault(base, over, path);
  },
};

/** IPAM pools: an override pool with a subnet already listed merges into it; other pools are appended. */
export const mergeIpamConfig: MergeRule = {
  name: 'mergeIpamConfig',
  merge: (base, over, path, ctx) => {
    if (base.kind !== 'seq' || over.kind !== 'seq') return ctx.mergeDefault(base, over, path);
    const items = [...base.items];
    for (const item of (ctx.resolve(over, path) as SeqNode).items) {
      const subnet = ipamSubnet(item);
      const at = subnet === undefined ? -1 : items.findIndex((i) => ipamSubnet(i) === subnet);
      if (at < 0) items.push(item);
      else items[at] = ctx.merge(items[at], item, [...path, String(at)]) ?? item;
    }
    return seqNode(items, base.origin);
  },
};

/**
 * A list (`KEY=VALUE`, or `HOST:IP` when `separators` has `:`) or a mapping, as a mapping. List items become entries
 * whose value origin is the part after the separator, so positions inside the value stay exact.
 */
function keyValueMap(node: MergeNode, path: Path, separators: string, multi: boolean, ctx: MergeContext): MapNode | undefined {
  if (node.kind === 'map') return node;
  if (node.kind !== 'seq') return undefined;
  const entries = new Map<string, MergeNode>();
  for (const item of (ctx.resolve(node, path) as SeqNode).items) {
    if (item.kind !== 'scalar' || item.value === null) continue;
    const text = String(item.value);
    const [key, value] = typeof item.value === 'string' ? splitKeyValue(text, separators) : [text, undefined];
    const split = splitOrigin(item.origin, key.length, value !== undefined);
    const entry = scalarNode(value ?? null, split);
    const previous = entries.get(key);
    if (multi && previous && value !== undefined) {
      const values = previous.kind === 'seq' ? previous.items : [previous];
      entries.set(key, seqNode([...values, entry], previous.origin));
    } else entries.set(key, entry);
  }
  return mapNode(entries, node.origin);
}

/** `KEY=VALUE` written as one scalar: the key is its first `keyLength` characters, the value follows the separator. */
function splitOrigin(origin: Origin | undefined, keyLength: number, hasValue: boolean): Origin | undefined {
  if (!origin) return undefined;
  const { file, start, end } = origin.value;
  const quoted = origin.style === 'single' || origin.style === 'double';
  if (origin.style === undefined || origin.style === 'block') return { value: origin.value, key: origin.value };
  const keyStart = start + (quoted ? 1 : 0);
  const key = { file, start: keyStart, end: keyStart + keyLength };
  // offsetInScalar adds one for the opening quote; the separator stands where that quote would be.
  const value = hasValue ? { file, start: Math.min(start + keyLength + 1, end), end } : key;
  return { value, key, style: hasValue ? origin.style : 'plain' };
}

// ---- the table ----------------------------------------------------------------------------------------------

const byKey = mergeByKey;
const unique = appendUnique;
const nullEntry = (origin: Origin | undefined): MergeNode => scalarNode(null, origin);

/**
 * Path patterns (`*` is any one key) -> rule; the first match wins. Paths not listed merge by default: mappings
 * recursively, sequences by appending, scalars replaced, and an override's `null` keeps the base value.
 */
export const mergeRules: readonly (readonly [pattern: string, rule: MergeRule])[] = [
  // Shell commands are replaced, not appended.
  ['services.*.command', replace],
  ['services.*.entrypoint', replace],
  ['services.*.healthcheck.test', replace],
  // Unique resources: a later item with the same key replaces the earlier one.
  ['services.*.ports', unique(portKey)],
  ['services.*.volumes', unique(volumeTarget)],
  ['services.*.secrets', unique(mountTarget('/run/secrets'))],
  ['services.*.configs', unique(mountTarget(''))],
  ['services.*.devices', unique(deviceTarget)],
  ['services.*.expose', unique(itemText)],
  // List or mapping, merged by key.
  ['services.*.environment', byKey],
  ['services.*.labels', byKey],
  ['services.*.annotations', byKey],
  ['services.*.sysctls', byKey],
  ['services.*.build.args', byKey],
  ['services.*.build.labels', byKey],
  ['services.*.build.additional_contexts', byKey],
  ['services.*.deploy.labels', byKey],
  ['networks.*.labels', byKey],
  ['volumes.*.labels', byKey],
  ['secrets.*.labels', byKey],
  ['configs.*.labels', byKey],
  ['services.*.extra_hosts', mergeHosts],
  ['services.*.build.extra_hosts', mergeHosts],
  ['services.*.ulimits.*', replace],
  // List of names or mapping keyed by name.
  ['services.*.depends_on', mergeByName(dependsOnEntry)],
  ['services.*.networks', mergeByName(nullEntry)],
  ['services.*.models', mergeByName(nullEntry)],
  // A string or a list of unique strings.
  ['services.*.dns', stringOrList(itemText)],
  ['services.*.dns_search', stringOrList(itemText)],
  ['services.*.dns_opt', stringOrList(itemText)],
  ['services.*.env_file', stringOrList(envFilePath)],
  ['services.*.label_file', stringOrList(itemText)],
  ['services.*.tmpfs', stringOrList(tmpfsPath)],
  // Sets.
  ['services.*.cap_add', unique(itemText)],
  ['services.*.cap_drop', unique(itemText)],
  ['services.*.profiles', unique(itemText)],
  ['services.*.links', unique(itemText)],
  ['services.*.networks.*.aliases', unique(itemText)],
  ['services.*.networks.*.link_local_ips', unique(itemText)],
  ['services.*.build.tags', unique(itemText)],
  ['services.*.build.platforms', unique(itemText)],
  // Shape-dependent.
  ['services.*.build', mergeBuild],
  ['services.*.logging', mergeLogging],
  ['services.*.extends', replace],
  ['networks.*.ipam.config', mergeIpamConfig],
];

const compiled = mergeRules.map(([pattern, rule]) => [pattern.split('.'), rule] as const);

/** The rule for a path, or undefined for the default merge. */
export function ruleFor(path: Path): MergeRule | undefined {
  for (const [segments, rule] of compiled) {
    if (segments.length === path.length && segments.every((s, i) => s === '*' || s === path[i])) return rule;
  }
  return undefined;
}
