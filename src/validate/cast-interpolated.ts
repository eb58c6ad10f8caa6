// Stage 4, validate (first step): interpolated value -> the same value with strings cast to booleans and numbers
// where compose wants them, as compose-go does after interpolation (`read_only: ${RO}` gives "true"). No diagnostics:
// a string that does not parse stays a string, and the schema (or the normalise stage) reports it.
import { OverrideTag, ResetTag, isPlainObject, setEntry } from '../load/tree.js';

export type CastKind = 'boolean' | 'integer' | 'number';

/**
 * Where strings are cast, by dotted path (`*` matches any key or list index). compose-go's
 * interpolateTypeCastMapping, plus the keys the schema types strictly (`use_api_socket`, `depends_on.*.required`,
 * network `priority`, model `context_size`) and port `published`.
 * `configs.*.mode`/`secrets.*.mode` are left alone on purpose: they are octal ("0440"), and decimal parsing would
 * silently change the permissions; the normalise stage parses them.
 */
export const interpolatedCasts: readonly (readonly [path: string, kind: CastKind])[] = [
  ['services.*.init', 'boolean'],
  ['services.*.oom_kill_disable', 'boolean'],
  ['services.*.privileged', 'boolean'],
  ['services.*.read_only', 'boolean'],
  ['services.*.stdin_open', 'boolean'],
  ['services.*.tty', 'boolean'],
  ['services.*.use_api_socket', 'boolean'],
  ['services.*.cpu_count', 'integer'],
  ['services.*.cpu_percent', 'integer'],
  ['services.*.cpu_period', 'integer'],
  ['services.*.cpu_quota', 'integer'],
  ['services.*.cpu_rt_period', 'integer'],
  ['services.*.cpu_rt_runtime', 'integer'],
  ['services.*.cpu_shares', 'integer'],
  ['services.*.cpus', 'number'],
  ['services.*.oom_score_adj', 'integer'],
  ['services.*.pids_limit', 'integer'],
  ['services.*.scale', 'integer'],
  ['services.*.deploy.replicas', 'integer'],
  ['services.*.deploy.update_config.parallelism', 'integer'],
  ['services.*.deploy.update_config.max_failure_ratio', 'number'],
  ['services.*.deploy.rollback_config.parallelism', 'integer'],
  ['services.*.deploy.rollback_config.max_failure_ratio', 'number'],
  ['services.*.deploy.restart_policy.max_attempts', 'integer'],
  ['services.*.deploy.placement.max_replicas_per_node', 'integer'],
  ['services.*.deploy.resources.limits.cpus', 'number'],
  ['services.*.deploy.resources.limits.pids', 'integer'],
  ['services.*.deploy.resources.reservations.cpus', 'number'],
  ['services.*.healthcheck.retries', 'integer'],
  ['services.*.healthcheck.disable', 'boolean'],
  ['services.*.ports.*.target', 'integer'],
  ['services.*.ports.*.published', 'integer'],
  ['services.*.ulimits.*', 'integer'],
  ['services.*.ulimits.*.hard', 'integer'],
  ['services.*.ulimits.*.soft', 'integer'],
  ['services.*.volumes.*.read_only', 'boolean'],
  ['services.*.volumes.*.bind.create_host_path', 'boolean'],
  ['services.*.volumes.*.volume.nocopy', 'boolean'],
  ['services.*.volumes.*.tmpfs.size', 'integer'],
  ['services.*.depends_on.*.required', 'boolean'],
  ['services.*.depends_on.*.restart', 'boolean'],
  ['services.*.networks.*.priority', 'number'],
  ['services.*.networks.*.gw_priority', 'number'],
  ['networks.*.external', 'boolean'],
  ['networks.*.internal', 'boolean'],
  ['networks.*.attachable', 'boolean'],
  ['networks.*.enable_ipv4', 'boolean'],
  ['networks.*.enable_ipv6', 'boolean'],
  ['volumes.*.external', 'boolean'],
  ['secrets.*.external', 'boolean'],
  ['configs.*.external', 'boolean'],
  ['models.*.context_size', 'integer'],
];

interface CastNode {
  kind?: CastKind;
  readonly children: Map<string, CastNode>;
}

const castTree: CastNode = buildCastTree(interpolatedCasts);

function buildCastTree(rules: typeof interpolatedCasts): CastNode {
  const root: CastNode = { children: new Map() };
  for (const [path, kind] of rules) {
    let node = root;
    for (const segment of path.split('.')) {
      let next = node.children.get(segment);
      if (!next) node.children.set(segment, (next = { children: new Map() }));
      node = next;
    }
    node.kind = kind;
  }
  return root;
}

// YAML 1.1 spellings are accepted because compose-go accepts them (with a warning) for these keys.
const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off']);
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value `text` stands for as `kind`, or `text` itself when it does not parse. */
export function castString(text: string, kind: CastKind): string | number | boolean {
  const t = text;
  switch (kind) {
    case 'boolean': {
      const lower = t.toLowerCase();
      return TRUE_WORDS.has(lower) ? true : FALSE_WORDS.has(lower) ? false : text;
    }
    case 'integer': {
      const n = Number(t);
      return INTEGER.test(t) && Number.isSafeInteger(n) ? n : text;
    }
    case 'number': {
      const n = Number(t);
      return NUMBER.test(t) && Number.isFinite(n) ? n : text;
    }
  }
}

/** Casts strings at the known paths; returns the input itself when nothing changes (values are never mutated). */
export function castInterpolatedTypes(value: unknown): unknown {
  return castAt(value, [castTree]);
}

function castAt(value: unknown, nodes: readonly CastNode[]): unknown {
  if (nodes.length === 0) return value;
  if (typeof value === 'string') {
    const kind = nodes.find((n) => n.kind !== undefined)?.kind;
    return kind ? castString(value, kind) : value;
  }
  if (value instanceof OverrideTag) {
    const inner = castAt(value.value, nodes);
    return inner === value.value ? value : new OverrideTag(inner);
  }
  if (value instanceof ResetTag) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item, i) => {
      const next = castAt(item, childNodes(nodes, String(i)));
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (isPlainObject(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const next = castAt(item, childNodes(nodes, key));
      if (next !== item) changed = true;
      // setEntry, not assignment: a `__proto__` key must stay a plain key.
      setEntry(out, key, next);
    }
    return changed ? out : value;
  }
  return value;
}

function childNodes(nodes: readonly CastNode[], key: string): CastNode[] {
  const out: CastNode[] = [];
  for (const n of nodes) {
    const exact = n.children.get(key);
    if (exact) out.push(exact);
    const any = n.children.get('*');
    if (any) out.push(any);
  }
  return out;
}
