// Mutation operators over the bytes of a real compose (or .env) file. Each takes the file as a "binary string"
// (one char per byte, so invalid UTF-8 survives) and the case's PRNG, and returns the new text and a short label
// of what it did. Inserted text is UTF-8 encoded first.

const utf8 = (s) => Buffer.from(s, 'utf8').toString('latin1');

/** Values of other types and shapes than the key expects. */
const SCALARS = [
  '0', '-1', '1', '65535', '65536', '4294967296', '99999999999999999999999', '1e309', '-1e309', '.inf', '-.inf', '.nan',
  '0x1F', '0o17', '017', '1_000', '1.5', '-0', 'true', 'false', 'yes', 'no', 'on', 'off', 'null', '~', '""', "''",
  '[]', '{}', '[[]]', '{a: {}}', '[1, [2, [3]]]', '{x: [1, {y: 2}]}', '2001-01-01', '2001-01-01T00:00:00Z', '12:30:45',
  '"1"', "'true'", '!!str 1', '!!int "x"', '!!binary aGVsbG8=', '!!set {a, b}', '!!omap [a: 1]', '!!float 1',
  '|\n  block\n  text', '>-\n  folded', '"a\\nb"', '"\\u0000"', '"\\t\\r"', '"\\x7f"',
];

/** Names and values that try to break out of a directory, a unit name or an argv. */
const HOSTILE = [
  '../../../../etc/passwd', '/', '//', '~', '~root/x', '%h', '%n%i%%', '@', 'a@b', '-rf', '--help', 'a b', '"', "'",
  '\\', 'a\\b', 'a/b', '..', '.', 'x.service', 'x.target', 'x.container', 'x.socket', 'x.mount', 'name:tag', 'a,b', 'a;b',
  '$(id)', '`id`', 'a=b', 'a\u200bb', 'émoji 🎉', '\u202eevil', 'ＡＢ', '\u0085', 'x'.repeat(300),
];

/** Keys that are also Object.prototype members, YAML oddities, or hostile names. */
const KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__',
  '<<', '? [a]', '"a: b"', '0', '1.5', 'true', 'null', '~', '""', 'x-', 'x-ext', '..', 'a/b', '-x', '%n', 'x.service',
  'x@y', 'a\\b', 'default', 'host', 'service:x', 'services', 'name', 'include', 'extends', 'version', 'x'.repeat(200),
];

const TEMPLATES = [
  '$', '$$', '${', '${}', '${ A}', '${A', '${A!}', '${A:?}', '${A:?boom}', '${A?}', '${A:-}', '${A-x}', '${A:+x}', '${A+x}',
  '$${A}', '$$$A', '${A:-${B:-${C}}}', '${${A}}', '${A/B}', '${A:-$}', '$A$B$C', '${COMPOSE_PROJECT_NAME}', '${HOME}',
  '${A:-"}', "${A:-'}", '${A:-\\}', '${A:-\n}', '${_}', '${1}', '${A-${B?err}}',
];

const BYTE_POOLS = [
  [0x00], [0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [0x0d], [0x09], [0x0b], [0x0c], [0x1b], [0x7f],
  [0x85], [0xa0], [0xe2, 0x80, 0xa8], [0xf0, 0x9f], [0xed, 0xa0, 0x80],
];
const YAML_CHARS = ':{}[],&*#?|-<>=!%@`"\'\\';

function lines(text) {
  return text.split('\n');
}

/** A line of the form `key: value` or `- value`: [prefix, value]. */
function valueLines(ls) {
  const out = [];
  ls.forEach((l, i) => {
    const m = /^(\s*(?:- +)?[^\s#:][^:#]*:\s+)(\S.*)$/.exec(l) ?? /^(\s*- +)(\S.*)$/.exec(l);
    if (m) out.push({ i, prefix: m[1], value: m[2] });
  });
  return out;
}

function keyLines(ls) {
  const out = [];
  ls.forEach((l, i) => {
    const m = /^(\s*(?:- +)?)([^\s#:'"\-][^:#]*)(:(?:\s.*)?)$/.exec(l);
    if (m) out.push({ i, indent: m[1], key: m[2], rest: m[3] });
  });
  return out;
}

function replaceValue(text, rng, make, label) {
  const ls = lines(text);
  const candidates = valueLines(ls);
  if (candidates.length === 0) return { text: text + '\n' + utf8(`x-fuzz: ${make()}`), label: `${label}@append` };
  const c = rng.pick(candidates);
  const v = make();
  ls[c.i] = c.prefix + utf8(v);
  return { text: ls.join('\n'), label: `${label}@${c.i + 1}` };
}

function nested(depth, open, close, leaf = 'x') {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

export const MUTATIONS = {
  dropLine(text, rng) {
    const ls = lines(text);
    const i = rng.int(ls.length);
    ls.splice(i, 1);
    return { text: ls.join('\n'), label: `drop@${i + 1}` };
  },
  duplicateLine(text, rng) {
    const ls = lines(text);
    const i = rng.int(ls.length);
    ls.splice(i, 0, ls[i]);
    return { text: ls.join('\n'), label: `dup@${i + 1}` };
  },
  swapLines(text, rng) {
    const ls = lines(text);
    const i = rng.int(ls.length);
    const j = rng.chance(0.5) ? Math.min(ls.length - 1, i + 1) : rng.int(ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return { text: ls.join('\n'), label: `swap@${i + 1},${j + 1}` };
  },
  duplicateBlock(text, rng) {
    const ls = lines(text);
    const from = rng.int(ls.length);
    const to = Math.min(ls.length, from + rng.between(1, 12));
    const at = rng.int(ls.length + 1);
    ls.splice(at, 0, ...ls.slice(from, to));
    return { text: ls.join('\n'), label: `dupblock@${from + 1}-${to}->${at + 1}` };
  },
  reindent(text, rng) {
    const ls = lines(text);
    const i = rng.int(ls.length);
    const r = rng.int(4);
    ls[i] = r === 0 ? ls[i].replace(/^ {1,4}/, '') : r === 1 ? '\t' + ls[i] : ' '.repeat(rng.between(1, 6)) + ls[i];
    return { text: ls.join('\n'), label: `reindent@${i + 1}` };
  },
  scalarType(text, rng) {
    return replaceValue(text, rng, () => rng.pick(SCALARS), 'scalar');
  },
  wrapValue(text, rng) {
    const ls = lines(text);
    const candidates = valueLines(ls);
    if (candidates.length === 0) return { text, label: 'wrap@none' };
    const c = rng.pick(candidates);
    const shapes = [(v) => `[${v}]`, (v) => `{${v}}`, (v) => `{k: ${v}}`, (v) => `[${v}, ${v}]`, (v) => `"${v}"`, (v) => `'${v}'`];
    ls[c.i] = c.prefix + rng.pick(shapes)(c.value);
    return { text: ls.join('\n'), label: `wrap@${c.i + 1}` };
  },
  extremeNumber(text, rng) {
    const ls = lines(text);
    const withDigits = ls.map((l, i) => (/\d/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (withDigits.length === 0) return MUTATIONS.scalarType(text, rng);
    const i = rng.pick(withDigits);
    const n = rng.pick(['0', '-1', '99999999999999999999', '1e309', '4294967296', '65536', '0x10', '-0', '1.7976931348623157e308', '00']);
    ls[i] = ls[i].replace(/\d+/, n);
    return { text: ls.join('\n'), label: `number@${i + 1}` };
  },
  insertBytes(text, rng) {
    const at = rng.int(text.length + 1);
    let ins = '';
    const n = rng.between(1, 6);
    for (let k = 0; k < n; k++) {
      const r = rng.int(3);
      if (r === 0) ins += String.fromCharCode(rng.int(256));
      else if (r === 1) ins += String.fromCharCode(...rng.pick(BYTE_POOLS));
      else ins += YAML_CHARS[rng.int(YAML_CHARS.length)];
    }
    return { text: text.slice(0, at) + ins + text.slice(at), label: `bytes@${at}` };
  },
  truncate(text, rng) {
    const at = rng.int(text.length + 1);
    return { text: text.slice(0, at), label: `truncate@${at}` };
  },
  nestDeep(text, rng) {
    const depth = rng.pick([20, 100, 201, 1000, 5000, 10000]);
    const r = rng.int(4);
    if (r === 3) {
      // block nesting: every level one more indent, appended as an extension key
      const d = Math.min(depth, 400);
      const block = Array.from({ length: d }, (_, k) => `${' '.repeat(k + 1)}k${k}:`).join('\n') + ' x';
      const ls = lines(text);
      const at = rng.int(ls.length + 1);
      ls.splice(at, 0, 'x-deep:', block);
      return { text: ls.join('\n'), label: `nestblock${d}@${at + 1}` };
    }
    const make = r === 0 ? () => nested(depth, '[', ']') : r === 1 ? () => nested(depth, '{a: ', '}') : () => nested(depth, '[{a: ', '}]');
    return replaceValue(text, rng, make, `nest${depth}`);
  },
  hugeString(text, rng) {
    // mostly sizes that parse in milliseconds; now and then a 1 MB string (the file limit, src/load/load-limits.ts, is 8 MiB)
    const n = rng.chance(0.05) ? 1_000_000 : rng.pick([1000, 20_000, 100_000]);
    const ch = rng.pick(['x', 'é', '$', ' ', '%', '\\\\', 'a b ']);
    const quote = rng.pick(['', '"', "'"]);
    return replaceValue(text, rng, () => `${quote}${ch.repeat(Math.ceil(n / ch.length))}${quote}`, `huge${n}`);
  },
  interpolation(text, rng) {
    if (rng.chance(0.2)) {
      const depth = rng.pick([10, 100, 1000]);
      return replaceValue(text, rng, () => '${A:-'.repeat(depth) + 'x' + '}'.repeat(depth), `interpnest${depth}`);
    }
    return replaceValue(text, rng, () => rng.pick(TEMPLATES), 'interp');
  },
  yamlFeature(text, rng) {
    const ls = lines(text);
    const r = rng.int(8);
    if (r === 0) return replaceValue(text, rng, () => rng.pick(['*nope', '*a', '&a x', '&a', '!reset', '!override x', '!reset []', '!custom x', '!!null', '? x']), 'yaml');
    if (r === 1) {
      const i = rng.int(ls.length + 1);
      ls.splice(i, 0, rng.pick(['---', '...', '%YAML 1.1', '%TAG ! tag:x,2000:', '<<: *a', '<<: [*a, *b]', '<<: 1', '  <<: {}', '# c', '? [x]', ': y']));
      return { text: ls.join('\n'), label: `yamlline@${i + 1}` };
    }
    if (r === 2) {
      // an anchor on one value and an alias to it somewhere else
      const vals = valueLines(ls);
      if (vals.length < 2) return { text, label: 'anchor@none' };
      const a = rng.pick(vals);
      const b = rng.pick(vals);
      ls[a.i] = `${a.prefix}&fz ${a.value}`;
      if (b.i !== a.i) ls[b.i] = `${b.prefix}*fz`;
      return { text: ls.join('\n'), label: `alias@${a.i + 1}->${b.i + 1}` };
    }
    if (r === 3) {
      // an anchored mapping merged into a service
      const keys = keyLines(ls).filter((k) => k.rest.trim() === ':');
      if (keys.length === 0) return { text, label: 'merge@none' };
      const k = rng.pick(keys);
      ls[k.i] = `${k.indent}${k.key}: &fzm`;
      ls.splice(k.i + 1 + rng.int(3), 0, `${k.indent}  <<: *fzm`);
      return { text: ls.join('\n'), label: `selfmerge@${k.i + 1}` };
    }
    if (r === 4) return { text: text.replace(/\n/g, '\r\n'), label: 'crlf' };
    if (r === 5) return { text: '\xef\xbb\xbf' + text, label: 'bom' };
    if (r === 6) return { text: text.replace(/ {2}/g, '\t'), label: 'tabs' };
    return replaceValue(text, rng, () => `"${rng.pick(['\\ud800', '\\U0010FFFF', '\\0', '\\e', '\\N', '\\_', '\\L', '\\P'])}"`, 'escape');
  },
  hostileKey(text, rng) {
    const ls = lines(text);
    const keys = keyLines(ls);
    if (keys.length === 0) return { text, label: 'key@none' };
    const k = rng.pick(keys);
    ls[k.i] = k.indent + utf8(rng.pick(KEYS)) + k.rest;
    return { text: ls.join('\n'), label: `key@${k.i + 1}` };
  },
  hostileValue(text, rng) {
    const quote = rng.pick(['', '"', "'"]);
    return replaceValue(text, rng, () => {
      const v = rng.pick(HOSTILE);
      return quote === '"' ? JSON.stringify(v) : quote === "'" ? `'${v.replace(/'/g, "''")}'` : v;
    }, 'hostile');
  },
  splice(text, rng, donors) {
    const donor = rng.pick(donors);
    const dl = lines(donor);
    const from = rng.int(dl.length);
    const chunk = dl.slice(from, from + rng.between(1, 8));
    const ls = lines(text);
    const at = rng.int(ls.length + 1);
    ls.splice(at, 0, ...chunk);
    return { text: ls.join('\n'), label: `splice@${at + 1}` };
  },
};

const NAMES = Object.keys(MUTATIONS);

/** Applies 1 to 4 random mutations; `donors` are the other corpus files (binary strings) for splicing. */
export function mutate(text, rng, donors) {
  const ops = [];
  let out = text;
  let n = 1;
  while (n < 4 && rng.chance(0.4)) n++;
  for (let k = 0; k < n; k++) {
    const name = rng.pick(NAMES);
    const r = MUTATIONS[name](out, rng, donors);
    out = r.text;
    ops.push(r.label);
  }
  return { text: out, ops };
}
