// Every valid corpus file (and every needs-env file, given its env template or the variables it asks for) as
// Quadlet files for podman 4.4, 5.4 and 5.8 (5.4 and 5.8 also with --pod). Each set uses only file types and keys
// its target has (the capability table: there is no 4.x generator to ask), passes podman's own generator in
// dry-run mode in user and system mode (5.4's for the 4.4 and 5.4 sets, 5.8's for the 5.4 and 5.8 sets), and the
// `podman run` line the generator makes of each `.container` carries the options, image and command of the plain
// unit of the same service. At 4.4 a file may be refused instead, by a diagnostic located at the compose key that
// names the version it needs.
// The generator runs once per oracle, mode and target for the whole corpus (one folder per file).
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { loadProject } from '../../src/load/load-project.js';
import type { OutputFile } from '../../src/output/output.js';
import { convertProject } from '../../src/pipeline.js';
import { supports, supportsQuadletKey, type Feature, type QuadletSection } from '../../src/podman/capabilities.js';
import { serviceOfQuadletFile } from '../../src/podman/quadlet-names.js';
import { diskFs } from '../support/cli.js';
import { findOracle, oracleTitle, type OracleLookup, type OracleName } from '../support/oracles.js';
import { quadletDryRun, type QuadletDryRun } from '../support/quadlet-dry-run.js';
import { parseUnitText, splitWords } from '../systemd/systemd-syntax.js';
import { CORPUS, envTemplateFor, filesFor, readManifest, type CorpusRow } from './manifest.js';

const rows = readManifest();
const subjects = rows.filter((r) => r.expected === 'valid' || r.expected === 'needs-env');
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Target {
  readonly version: string;
  readonly pod: boolean;
}
const TARGETS: readonly Target[] = [
  { version: '4.4', pod: false },
  { version: '5.4', pod: false },
  { version: '5.4', pod: true },
  { version: '5.8', pod: false },
  { version: '5.8', pod: true },
];
const targetName = (t: Target) => `${t.version}${t.pod ? ' --pod' : ''}`;

/** The oracles, and the targets whose sets each checks (it accepts what the versions before it do). */
const ORACLES: readonly { readonly name: OracleName; readonly newest: string; readonly checks: readonly string[] }[] = [
  { name: 'quadlet-trixie', newest: '5.4', checks: ['4.4', '5.4'] },
  { name: 'quadlet-forky', newest: '5.8', checks: ['5.4', '5.8'] },
];

/** What to load for a row: its files, and for a needs-env row the .env its template makes or the variables it names. */
function inputOf(row: CorpusRow): { files: string[]; cwd: string; env: Record<string, string>; envFiles?: string[] } {
  const files = filesFor(row);
  if (row.expected !== 'needs-env') return { files, cwd: dirname(files[0]!), env: {} };
  const template = envTemplateFor(row, rows);
  if (template !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'c2s-corpus-quadlet-'));
    scratch.push(dir);
    cpSync(dirname(join(CORPUS, 'public', row.file)), dir, { recursive: true });
    copyFileSync(join(CORPUS, 'public', template), join(dir, '.env'));
    return { files: [join(dir, basename(row.file))], cwd: dir, env: {}, envFiles: [join(CORPUS, 'public', template)] };
  }
  const bare = loadProject({ files, cwd: dirname(files[0]!), env: {}, homeDir: '/home/user' }, diskFs);
  const wanted = bare.diagnostics.filter((d) => d.code.startsWith('C3')).flatMap((d) => [...d.message.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1]!));
  return { files, cwd: dirname(files[0]!), env: Object.fromEntries(wanted.map((v) => [v, `value-of-${v.toLowerCase()}`])) };
}

interface Conversion {
  readonly target: Target;
  readonly diagnostics: readonly Diagnostic[];
  readonly quadlet?: readonly OutputFile[];
  /** The plain units that go with the Quadlet files (the target, secrets, ...). */
  readonly plainFiles?: readonly OutputFile[];
  /** The plain units of the same project and target, by name. */
  readonly units?: ReadonlyMap<string, string>;
  /** What each oracle made of the set, user and system mode. */
  readonly runs: Map<string, QuadletDryRun>;
}

const conversions = new Map<string, Conversion[]>();
const oracles = new Map<OracleName, OracleLookup>();
for (const o of ORACLES) oracles.set(o.name, await findOracle(o.name));

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'c2s-corpus-quadlet-sets-'));
  scratch.push(root);
  // One folder per (target, batch); a batch holds files of different projects whose names do not collide.
  const batches = new Map<string, { dir: string; names: Set<string>; members: { conv: Conversion; sub: string; files: readonly OutputFile[] }[] }[]>();
  subjects.forEach((row, i) => {
    const input = inputOf(row);
    const list: Conversion[] = [];
    for (const target of TARGETS) {
      const convert = (format: 'units' | 'quadlet') =>
        convertProject(
          { files: input.files, cwd: input.cwd, env: input.env, homeDir: '/home/user', ...(input.envFiles ? { envFiles: input.envFiles } : {}) },
          { format, pod: target.pod, podmanVersion: target.version },
          diskFs,
        );
      const q = convert('quadlet');
      const quadlet = q.files?.filter((f) => f.root === 'quadlet');
      const u = quadlet ? convert('units') : undefined;
      const conv: Conversion = {
        target,
        diagnostics: q.diagnostics,
        ...(quadlet ? { quadlet, plainFiles: q.files!.filter((f) => f.root === 'units') } : {}),
        ...(u?.files ? { units: new Map(u.files.map((f) => [f.name, f.content])) } : {}),
        runs: new Map(),
      };
      list.push(conv);
      if (!quadlet) continue;
      const key = targetName(target);
      const forTarget = batches.get(key) ?? [];
      batches.set(key, forTarget);
      let batch = forTarget.find((b) => quadlet.every((f) => !b.names.has(f.name)));
      if (!batch) {
        batch = { dir: join(root, `${key.replace(/\W+/g, '_')}-${forTarget.length}`), names: new Set(), members: [] };
        forTarget.push(batch);
      }
      const sub = join(batch.dir, String(i));
      mkdirSync(sub, { recursive: true });
      for (const f of quadlet) {
        batch.names.add(f.name);
        writeFileSync(join(sub, f.name), f.content);
      }
      batch.members.push({ conv, sub, files: quadlet });
    }
    conversions.set(row.file, list);
  });

  for (const o of ORACLES) {
    const lookup = oracles.get(o.name)!;
    if (!lookup.ok) continue;
    for (const [key, forTarget] of batches) {
      if (!o.checks.includes(key.split(' ')[0]!)) continue;
      for (const batch of forTarget) {
        for (const user of [true, false]) {
          const run = await quadletDryRun(lookup.oracle, batch.dir, { user });
          for (const m of batch.members) m.conv.runs.set(`${o.name} ${user ? 'user' : 'system'}`, sliceRun(run, m.sub, m.files));
        }
      }
    }
  }
}, 600_000);

/** One project's part of a batch run: its units, and the messages that name its folder. */
function sliceRun(run: QuadletDryRun, sub: string, files: readonly OutputFile[]): QuadletDryRun {
  const mine = new Set(files.map((f) => serviceOfQuadletFile(f.name)!));
  const units = new Map([...run.units].filter(([name]) => mine.has(name)));
  const own = (m: string) => m.includes(`${sub}/`) || files.some((f) => m.includes(f.name));
  const messages = run.messages.filter(own);
  return { code: run.errors.some(own) ? 1 : 0, units, messages, errors: run.errors.filter(own), stderr: messages.join('\n') };
}

// ---------------------------------------------------------------------------------------------
// What a target can read, from the capability table alone

const SECTIONS: ReadonlySet<string> = new Set(['Container', 'Volume', 'Network', 'Pod', 'Image', 'Build', 'Kube', 'Quadlet']);
const FILE_TYPES: ReadonlyMap<string, Feature> = new Map([
  ['.container', 'quadlet'],
  ['.volume', 'quadlet'],
  ['.network', 'quadlet'],
  ['.image', 'quadlet-image'],
  ['.pod', 'quadlet-pod'],
  ['.build', 'quadlet-build'],
]);

/** Keys that could be given once only before a version (a later line replaced an earlier one). */
const REPEATABLE: ReadonlyMap<string, Feature> = new Map([
  ['Container.Ulimit', 'quadlet-ulimit-repeat'],
  ['Build.ImageTag', 'quadlet-build-tags'],
]);

/** Every file type, template and Quadlet key of the set that `version` lacks, by the capability table. */
function unknownToTarget(files: readonly OutputFile[], version: string): string[] {
  const out: string[] = [];
  for (const f of files) {
    const ext = f.name.slice(f.name.lastIndexOf('.'));
    const type = FILE_TYPES.get(ext);
    if (type === undefined || !supports(version, type)) out.push(`${f.name}: file type ${ext}`);
    if (f.name.includes('@.') && !supports(version, 'quadlet-template')) out.push(`${f.name}: template`);
    for (const section of parseUnitText(f.content)) {
      if (!SECTIONS.has(section.name)) continue;
      const seen = new Set<string>();
      for (const { key, value } of section.entries) {
        if (!supportsQuadletKey(version, section.name as QuadletSection, key)) out.push(`${f.name}: [${section.name}] ${key}=`);
        if (key === 'Notify' && value === 'healthy' && !supports(version, 'quadlet-notify-healthy')) out.push(`${f.name}: Notify=healthy`);
        const repeat = REPEATABLE.get(`${section.name}.${key}`);
        if (repeat !== undefined && seen.has(key) && !supports(version, repeat)) out.push(`${f.name}: repeated ${key}=`);
        seen.add(key);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dependencies between units

const DEPENDENCY_KEYS = new Set(['Requires', 'Wants', 'BindsTo', 'Requisite', 'PartOf', 'After', 'Before', 'Upholds']);
/** Units of the machine a generated unit may name. */
const SYSTEM_UNITS = ['network-online.target', 'podman-user-wait-network-online.service', 'default.target', 'multi-user.target'];

/** The unit names in the [Unit] dependencies of a unit (`%i` instances as written). */
function dependencies(unit: string): string[] {
  return parseUnitText(unit)
    .filter((s) => s.name === 'Unit')
    .flatMap((s) => s.entries.filter((e) => DEPENDENCY_KEYS.has(e.key)).flatMap((e) => splitWords(e.value)));
}

// ---------------------------------------------------------------------------------------------
// The `podman run` line of a unit, as options, image and command

/** `%%` and `$$` as systemd reads them; other specifiers (`%t`, `%N`) stay as written. */
const unescape = (w: string) => w.replace(/%%/g, '%').replace(/\$\$/g, '$');

function execStart(unit: string): string[] {
  const lines = parseUnitText(unit)
    .filter((s) => s.name === 'Service')
    .flatMap((s) => s.entries.filter((e) => e.key === 'ExecStart'));
  expect(lines).toHaveLength(1);
  return splitWords(lines[0]!.value, true).map(unescape);
}

/** Flags of the unit's lifecycle, which differ by design between a plain unit and Quadlet's generator. */
const LIFECYCLE = new Set(['--cidfile', '--cgroups', '--rm', '--sdnotify', '-d', '--replace', '--pull', '--pod-id-file', '--pod']);
/** Flags without a value (podman run's switches the two outputs write). */
const SWITCHES = new Set(['--rm', '-d', '--replace', '--init', '--tty', '--interactive', '--read-only', '--privileged', '--oom-kill-disable', '--no-healthcheck']);
/** Short and long spellings: Quadlet's generator writes some options short. */
const LONG: Readonly<Record<string, string>> = { '-v': '--volume', '-w': '--workdir', '-e': '--env', '-p': '--publish', '-l': '--label', '-u': '--user', '-t': '--tty', '-i': '--interactive' };

interface RunLine {
  readonly options: string[];
  readonly image: string;
  readonly command: string[];
}

/** `podman run OPTIONS IMAGE COMMAND...` -> options as sorted `--flag value` strings (lifecycle flags left out). */
function runLine(argv: readonly string[]): RunLine {
  const i = argv.indexOf('run');
  expect(i, argv.join(' ')).toBeGreaterThan(0);
  const options: string[] = [];
  let j = i + 1;
  while (j < argv.length && argv[j]!.startsWith('-')) {
    const word = argv[j++]!;
    const eq = word.indexOf('=');
    const raw = eq > 0 ? word.slice(0, eq) : word;
    const flag = LONG[raw] ?? raw;
    let value: string | undefined;
    if (eq > 0) value = word.slice(eq + 1);
    else if (!SWITCHES.has(flag)) value = argv[j++];
    if (LIFECYCLE.has(flag)) continue;
    // podman reads capability names in any case; Quadlet writes them in lower case.
    if ((flag === '--cap-add' || flag === '--cap-drop') && value !== undefined) value = value.toUpperCase();
    options.push(value === undefined ? flag : `${flag} ${value}`);
  }
  return { options: options.sort(), image: argv[j] ?? '', command: argv.slice(j + 1) };
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(subjects.length === 0)(`corpus at ${CORPUS} as Quadlet`, () => {
  for (const o of ORACLES) oracleTitle(oracles.get(o.name)!, `podman ${o.newest}'s Quadlet generator`);

  test.each(subjects.map((r) => [r.file] as const))('%s', (file) => {
    for (const conv of conversions.get(file)!) {
      const t = targetName(conv.target);
      const errors = conv.diagnostics.filter((d) => d.severity === 'error');
      if (!conv.quadlet) {
        // Refused: by a shared pod (what it cannot honour, located), or at 4.4 by what the target lacks: a key that
        // needs a newer podman in Quadlet (C552), or what the Quadlet output as a whole needs (C719).
        expect(errors.length, t).toBeGreaterThan(0);
        expect(errors.every((d) => d.labels.length > 0 || d.code === 'C719'), t).toBe(true);
        if (!conv.target.pod) {
          for (const d of errors) {
            expect(`${d.code} ${d.message}`, t).toMatch(/^(C552|C719) .*needs podman \d+\.\d+ or newer/);
            expect(d.labels.length, `${t}: ${d.message}`).toBeGreaterThan(0);
          }
          expect(conv.target.version, t).toBe('4.4');
        }
        continue;
      }
      expect(errors, t).toEqual([]);
      expect(unknownToTarget(conv.quadlet, conv.target.version), t).toEqual([]);
      for (const [oracle, run] of conv.runs) {
        const at = `${t}, ${oracle}`;
        expect(run.errors, at).toEqual([]);
        expect([...run.units.keys()].sort(), at).toEqual(conv.quadlet.map((f) => serviceOfQuadletFile(f.name)!).sort());
        // Every unit named in a dependency exists: generated, installed beside the files, or the system's own.
        const known = new Set([...run.units.keys(), ...(conv.plainFiles ?? []).map((f) => f.name), ...SYSTEM_UNITS]);
        const texts = [...run.units.values(), ...(conv.plainFiles ?? []).map((f) => f.content)];
        const exists = (u: string) => known.has(u) || known.has(u.replace(/@[^.]+\./, '@.'));
        expect(texts.flatMap(dependencies).filter((u) => !exists(u)), at).toEqual([]);
        if (!oracle.startsWith(ORACLES.find((x) => x.newest === conv.target.version)?.name ?? '-')) continue;
        // Same version: the generator's `podman run` is the plain unit's, lifecycle flags aside.
        for (const f of conv.quadlet.filter((x) => x.name.endsWith('.container'))) {
          const service = serviceOfQuadletFile(f.name)!;
          const plain = conv.units?.get(service);
          expect(plain, `${at}: plain unit ${service}`).toBeDefined();
          expect(runLine(execStart(run.units.get(service)!)), `${at}: ${f.name}`).toEqual(runLine(execStart(plain!)));
        }
      }
    }
  });
});
