// Stage 4, validate: ajv errors (allErrors) -> the errors that explain each real problem. No diagnostics here.
// ajv reports every branch of a failed oneOf/anyOf plus the oneOf itself; keep only the branch that fits the
// value's type, or one merged type error when none does. Relies on schemaPaths being absolute (the build
// dereferences every $ref), so `<oneOf path>/<i>/` prefixes tell which branch an error came from.

/** The parts of an ajv ErrorObject this stage reads. */
export interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
}

const COMBINATORS = new Set(['oneOf', 'anyOf']);

function depth(schemaPath: string): number {
  return schemaPath.split('/').length;
}

/** The JSON types a failed `type` keyword wanted, in schema order (`params.type` is "a,b" for unions). */
export function wantedTypes(error: SchemaError): string[] {
  const t = error.params['type'];
  if (Array.isArray(t)) return t.map(String);
  return typeof t === 'string' ? t.split(',') : [];
}

export function reduceSchemaErrors(errors: readonly SchemaError[]): SchemaError[] {
  let live: SchemaError[] = [...errors];
  // Innermost first: a reduced inner oneOf becomes a plain error its outer oneOf can judge.
  const combinators = live.filter((e) => COMBINATORS.has(e.keyword)).sort((a, b) => depth(b.schemaPath) - depth(a.schemaPath));
  for (const combinator of combinators) {
    if (!live.includes(combinator)) continue;
    live = reduceOne(live, combinator);
  }
  return dedupe(live);
}

function reduceOne(live: SchemaError[], combinator: SchemaError): SchemaError[] {
  const prefix = combinator.schemaPath + '/';
  const branches = new Map<number, SchemaError[]>();
  for (const e of live) {
    if (!e.schemaPath.startsWith(prefix)) continue;
    const index = Number(e.schemaPath.slice(prefix.length).split('/')[0]);
    if (!Number.isInteger(index)) continue;
    const list = branches.get(index) ?? [];
    list.push(e);
    branches.set(index, list);
  }
  const children = new Set([...branches.values()].flat());
  const without = (drop: ReadonlySet<SchemaError>) => live.filter((e) => e !== combinator && !drop.has(e));

  // Several branches passed (oneOf only): the failing ones are not the problem, the ambiguity is.
  if (Array.isArray(combinator.params['passingSchemas'])) return live.filter((e) => !children.has(e));
  if (children.size === 0) return live;

  const mismatch = (index: number, errs: readonly SchemaError[]) =>
    errs.some((e) => e.keyword === 'type' && e.instancePath === combinator.instancePath && e.schemaPath === `${prefix}${index}/type`);
  const fitting = [...branches].filter(([i, errs]) => !mismatch(i, errs)).sort((a, b) => a[1].length - b[1].length || a[0] - b[0]);
  const best = fitting[0];
  if (best) {
    const drop = new Set([...children].filter((e) => !best[1].includes(e)));
    return without(drop);
  }
  // No branch accepts the value's type: one type error listing every accepted type.
  const types: string[] = [];
  for (const i of [...branches.keys()].sort((a, b) => a - b)) {
    for (const e of branches.get(i) ?? []) if (e.keyword === 'type' && e.instancePath === combinator.instancePath) types.push(...wantedTypes(e));
  }
  const merged: SchemaError = {
    keyword: 'type',
    instancePath: combinator.instancePath,
    schemaPath: combinator.schemaPath.slice(0, combinator.schemaPath.lastIndexOf('/')) + '/type',
    params: { type: [...new Set(types)] },
  };
  const index = live.indexOf(combinator);
  const out = without(children);
  out.splice(Math.min(index, out.length), 0, merged);
  return out;
}

function dedupe(errors: readonly SchemaError[]): SchemaError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.keyword}\0${e.instancePath}\0${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
