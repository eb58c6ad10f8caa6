// e2e scenarios, shared kit: a booted bed per file and chosen kind -> suites of scenarios that drive the real CLI
// in the bed as root (--system) or as the rootless user, read systemd's, podman's and Quadlet's state, and time
// each scenario. A scenario that cannot run on a bed is registered as skipped with its reason in the name and on stderr.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseDryRun, type QuadletDryRun } from '../../support/quadlet-dry-run.js';
import {
  BED_KINDS,
  BED_USER,
  bootBed,
  CLI_ENTRY,
  DEFAULT_BED_KINDS,
  hasRootlessUser,
  probeBedSupport,
  shutdownAllBeds,
  type Bed,
  type BedKind,
  type CommandResult,
} from '../bed.js';

/** Beds with the lingering rootless user `u`. */
export const ROOTLESS_BEDS: readonly BedKind[] = BED_KINDS.filter(hasRootlessUser);

/** Who runs the CLI: root with system units, or the lingering user `u` (podman5, podman58) with user units. */
export interface Actor {
  readonly bed: Bed;
  readonly user: 'u' | undefined;
  readonly scope: 'system' | 'user';
  readonly home: string;
  readonly unitDir: string;
  /** Where Quadlet files of this actor live: what systemd's Quadlet generator reads at daemon-reload. */
  readonly quadletDir: string;
}

export function rootActor(bed: Bed): Actor {
  return { bed, user: undefined, scope: 'system', home: '/root', unitDir: '/etc/systemd/system', quadletDir: '/etc/containers/systemd' };
}

export function userActor(bed: Bed): Actor {
  const home = BED_USER.home;
  return { bed, user: 'u', scope: 'user', home, unitDir: `${home}/.config/systemd/user`, quadletDir: `${home}/.config/containers/systemd` };
}

/** The files below `actor.quadletDir/sub` (all of it when sub is ''): relative path -> content, in path order. */
export async function readQuadletFiles(actor: Actor, sub = ''): Promise<Map<string, string>> {
  const dir = sub === '' ? actor.quadletDir : `${actor.quadletDir}/${sub}`;
  const r = await actor.bed.run(['find', dir, '-type', 'f', '-printf', '%P\\0']);
  const out = new Map<string, string>();
  if (r.code !== 0) return out;
  const paths = r.stdout.split('\0').filter((p) => p !== '');
  // default sort: plain code-unit order
  paths.sort();
  for (const rel of paths) out.set(rel, await actor.bed.readFile(`${dir}/${rel}`));
  return out;
}

/**
 * podman's Quadlet generator inside the bed, in dry-run mode, as the actor (`-user` for `u`): by default over the
 * folders systemd's generator reads, or over `dir` only. Returns the generated units or the generator's errors.
 */
export async function bedQuadletDryRun(actor: Actor, opts: { readonly dir?: string } = {}): Promise<QuadletDryRun> {
  const args = ['/usr/libexec/podman/quadlet', '-dryrun', ...(actor.scope === 'user' ? ['-user'] : [])];
  const env: Record<string, string> = opts.dir === undefined ? {} : { QUADLET_UNIT_DIRS: opts.dir };
  const r = await actor.bed.run(args, { env, ...(actor.user === undefined ? {} : { user: actor.user }) });
  return parseDryRun(r.code, r.stdout, r.stderr);
}

export interface FileSpec {
  readonly content: string;
  readonly mode?: number;
}

export interface ProjectOptions {
  /**
   * More CLI arguments for every command of this project (`up`, `down`, `cli(...)`, and the `down --volumes`
   * of the clean-up), after `-f FILE [--system]`; e.g. `['--format', 'quadlet']`. A function gets the verb.
   */
  readonly cliArgs?: readonly string[] | ((verb: string) => readonly string[]);
  /** The CLI's entry inside the bed: CLI_ENTRY (what the installed `compose2systemd` runs) unless given. */
  readonly entry?: string;
}

/**
 * `--format units` unless the arguments name a unit format: the checks of most scenarios are written for plain
 * units, and `up` alone would pick Quadlet on podman 5.
 */
function plainUnits(verb: string, args: readonly string[]): readonly string[] {
  if (!['up', 'down', 'diff', 'convert'].includes(verb)) return [];
  const formats = args.flatMap((a, i) => (a.startsWith('--format=') ? [a.slice(9)] : args[i - 1] === '--format' ? [a] : [])).flatMap((f) => f.split(','));
  return formats.some((f) => ['units', 'quadlet', 'kube'].includes(f)) ? [] : ['--format', 'units'];
}

/** One compose project inside a bed, named so that units and containers are `<name>-<service>...`. */
export class Project {
  readonly dir: string;
  readonly file: string;

  constructor(
    readonly actor: Actor,
    readonly name: string,
    readonly options: ProjectOptions = {},
  ) {
    this.dir = `${actor.home}/scenarios/${name}`;
    this.file = `${this.dir}/compose.yaml`;
  }

  get bed(): Bed {
    return this.actor.bed;
  }

  unit(service: string): string {
    return `${this.name}-${service}.service`;
  }

  container(service: string): string {
    return `${this.name}-${service}-1`;
  }

  get target(): string {
    return `${this.name}.target`;
  }

  /** Writes compose.yaml (and any side files, relative to the project folder) as the actor. */
  async write(compose: string, files: Readonly<Record<string, FileSpec>> = {}): Promise<void> {
    const owner = this.actor.user === undefined ? {} : { user: this.actor.user };
    await this.bed.writeFile(this.file, compose, owner);
    for (const [rel, spec] of Object.entries(files)) {
      await this.bed.writeFile(`${this.dir}/${rel}`, spec.content, { ...owner, ...(spec.mode !== undefined ? { mode: spec.mode } : {}) });
    }
  }

  /** `node ENTRY VERB -f compose.yaml [--system] PROJECT-ARGS... ARGS...` as the actor, from the project folder. */
  cli(verb: string, args: readonly string[] = [], env: Readonly<Record<string, string>> = {}): Promise<CommandResult> {
    const scope = this.actor.scope === 'system' ? ['--system'] : [];
    const given = this.options.cliArgs ?? [];
    const projectArgs = [...(typeof given === 'function' ? given(verb) : given), ...args];
    return this.run(['node', this.options.entry ?? CLI_ENTRY, verb, '-f', this.file, ...scope, ...plainUnits(verb, projectArgs), ...projectArgs], { env, cwd: this.dir });
  }

  /** `up`, failing the scenario with the CLI's output when it does not exit 0. */
  async up(args: readonly string[] = [], env: Readonly<Record<string, string>> = {}): Promise<CommandResult> {
    const r = await this.cli('up', args, env);
    if (r.code !== 0) throw new Error(`up of ${this.name} exited ${r.code}\n${r.stdout}\n${r.stderr}\n${await this.journal()}`);
    return r;
  }

  run(cmd: readonly string[], opts: { readonly env?: Readonly<Record<string, string>>; readonly cwd?: string; readonly check?: boolean } = {}): Promise<CommandResult> {
    return this.bed.run(cmd, { ...opts, ...(this.actor.user === undefined ? {} : { user: this.actor.user }) });
  }

  sh(script: string, check = true): Promise<CommandResult> {
    return this.run(['sh', '-c', script], { check });
  }

  podman(args: readonly string[], check = true): Promise<CommandResult> {
    return this.run(['podman', ...args], { check });
  }

  systemctl(args: readonly string[], check = false): Promise<CommandResult> {
    return this.run(['systemctl', ...(this.actor.scope === 'user' ? ['--user'] : []), ...args], { check });
  }

  /** `systemctl show` of some properties of one unit (a service name, or a full unit name with a dot). */
  async show(unitOrService: string, props: readonly string[]): Promise<Record<string, string>> {
    const unit = unitOrService.includes('.') ? unitOrService : this.unit(unitOrService);
    const r = await this.systemctl(['show', `--property=${props.join(',')}`, '--', unit], true);
    const out: Record<string, string> = {};
    for (const line of r.stdout.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
    }
    for (const p of props) out[p] ??= '';
    return out;
  }

  /** A `...TimestampMonotonic` property in microseconds since this boot; 0 means "never in this boot". */
  async monotonic(unitOrService: string, prop: string): Promise<number> {
    const v = (await this.show(unitOrService, [prop]))[prop] ?? '';
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new Error(`${unitOrService} ${prop}=${v} is not a number`);
    return n;
  }

  async inspect(container: string, format: string): Promise<string> {
    return (await this.podman(['inspect', '--format', format, container])).stdout.trim();
  }

  async exists(container: string): Promise<boolean> {
    return (await this.podman(['container', 'exists', container], false)).code === 0;
  }

  async exec(service: string, cmd: readonly string[]): Promise<string> {
    return (await this.podman(['exec', this.container(service), ...cmd])).stdout;
  }

  /** The project's unit files: name -> "inode mtime", to tell a rewritten file from an untouched one. */
  unitFiles(): Promise<Map<string, string>> {
    return this.fileStamps(this.actor.unitDir, `${this.name}[-.]*`);
  }

  /** The files in the project's Quadlet folder (`quadletDir/<name>/`): name -> "inode mtime"; empty when it is gone. */
  quadletFileStamps(): Promise<Map<string, string>> {
    return this.fileStamps(`${this.actor.quadletDir}/${this.name}`, '*');
  }

  private async fileStamps(dir: string, pattern: string): Promise<Map<string, string>> {
    const r = await this.run(['find', dir, '-maxdepth', '1', '-type', 'f', '-name', pattern, '-printf', '%f %i %T@\\n']);
    const out = new Map<string, string>();
    if (r.code !== 0) return out;
    for (const line of r.stdout.split('\n')) {
      const [name, inode, mtime] = line.split(' ');
      if (name !== undefined && name !== '' && inode !== undefined && mtime !== undefined) out.set(name, `${inode} ${mtime}`);
    }
    return out;
  }

  /** The project's Quadlet files (below `quadletDir/<name>/`, where `up --format quadlet` puts them): relative path -> content. */
  quadletFiles(): Promise<Map<string, string>> {
    return readQuadletFiles(this.actor, this.name);
  }

  /** The Quadlet generator's dry run over everything the actor's systemd would read. */
  quadletDryRun(): Promise<QuadletDryRun> {
    return bedQuadletDryRun(this.actor);
  }

  /** The last journal lines of the project's units, for a failure message. */
  async journal(lines = 60): Promise<string> {
    const head = `--- journal of ${this.name} (${this.actor.scope})\n`;
    if (this.actor.scope === 'system') {
      const r = await this.bed.run(['journalctl', '--no-pager', '-o', 'short-monotonic', `--lines=${lines}`, `--unit=${this.name}-*`]);
      return head + r.stdout;
    }
    // root's `--user-unit=` looks at root's own user manager; the user's lines are the ones with its uid that name the project
    const r = await this.bed.run(['journalctl', '--no-pager', '-o', 'short-monotonic', `--lines=${lines * 20}`, `_UID=${BED_USER.uid}`]);
    const mine = r.stdout.split('\n').filter((l) => l.includes(`${this.name}-`) || l.includes(`${this.name}.`));
    return head + mine.slice(-lines).join('\n');
  }

  /**
   * down --volumes, remove the folder; reports a failed down (the next scenario would inherit it), and a down
   * that left a unit of the project listed by `systemctl --failed` (down resets what it stops).
   */
  async cleanup(): Promise<void> {
    const r = await this.cli('down', ['--volumes']);
    const patterns = [`${this.name}-*`, `${this.name}.target`];
    const failed = (await this.systemctl(['list-units', '--all', '--failed', '--plain', '--no-legend', ...patterns])).stdout.trim();
    // a failed unit left behind is never inherited by the next scenario, whatever this one asserts
    await this.systemctl(['reset-failed', ...patterns]);
    await this.run(['rm', '-rf', '--', this.dir]);
    if (r.code !== 0) throw new Error(`down --volumes of ${this.name} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    if (failed !== '') throw new Error(`down --volumes of ${this.name} left failed units:\n${failed}`);
  }
}

/** Runs `body` on a fresh project and always takes the project down after; a failure carries the journal. */
export async function withProject(actor: Actor, name: string, body: (p: Project) => Promise<void>, options: ProjectOptions = {}): Promise<void> {
  const p = new Project(actor, name, options);
  try {
    await body(p);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    err.message = `${err.message}\n${await p.journal().catch(() => '(no journal)')}`;
    await p.cleanup().catch(() => undefined);
    throw err;
  }
  await p.cleanup();
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 90_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until a unit's ActiveState is one of `states`; returns the state it reached. */
export function waitForState(p: Project, unitOrService: string, states: readonly string[], timeoutMs = 90_000): Promise<string> {
  return waitFor(
    async () => {
      const s = (await p.show(unitOrService, ['ActiveState']))['ActiveState'] ?? '';
      return states.includes(s) ? s : undefined;
    },
    `${unitOrService} to be ${states.join(' or ')}`,
    timeoutMs,
  );
}

/** A compose value written as a YAML double-quoted scalar; `$` doubled so interpolation yields it unchanged. */
export function yamlValue(value: string): string {
  // a function, because a replacement string would read `$$` as one escaped `$`
  return JSON.stringify(value.replaceAll('$', () => '$$'));
}

export interface ScenarioOptions {
  /** Run only on this bed (or these); elsewhere the scenario is registered as skipped with `reason`. */
  readonly only?: BedKind | readonly BedKind[];
  readonly reason?: string;
  readonly timeoutMs?: number;
}

export interface BedSuitesOptions {
  /** The beds this file boots, one after another (default DEFAULT_BED_KINDS: podman4 and podman5). */
  readonly beds?: readonly BedKind[];
  /** Boot the beds on cgroup v1, where containers get the memory controller (default v2: see docs/e2e.md). */
  readonly cgroup?: 'v1';
}

export interface Suite {
  readonly kind: BedKind;
  /** The bed has the rootless user `u` (user() works). */
  readonly rootless: boolean;
  bed(): Bed;
  root(): Actor;
  user(): Actor;
  scenario(title: string, body: (ctx: ScenarioContext) => Promise<void>, opts?: ScenarioOptions): void;
}

export interface ScenarioContext {
  /** Ends the scenario as skipped, with the reason in the report and on stderr: for a limit of the bed found only once it runs. */
  skip(reason: string): never;
}

interface Timing {
  readonly kind: BedKind;
  readonly title: string;
  readonly ms: number;
  readonly ok: boolean | 'skipped';
}

/**
 * One describe per chosen bed kind, each booting its own bed once for all of its scenarios (in order) and
 * powering it off after. Prints boot, per-scenario and total times at the end of the file.
 */
export async function bedSuites(file: string, define: (suite: Suite) => void, options: BedSuitesOptions = {}): Promise<void> {
  const support = await probeBedSupport();
  if (!support.ok) console.warn(`[e2e] SKIPPING ${file} on every bed: ${support.reason}`);
  const timings: Timing[] = [];
  const beds: string[] = [];
  const fileStarted = Date.now();

  afterAll(async () => {
    await shutdownAllBeds();
    if (timings.length === 0 && beds.length === 0) return;
    const lines = [`[e2e] ${file}: timings`, ...beds];
    for (const t of timings) lines.push(`  ${t.kind}  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.ok === 'skipped' ? 'skip' : t.ok ? 'ok  ' : 'FAIL'}  ${t.title}`);
    lines.push(`  total ${((Date.now() - fileStarted) / 1000).toFixed(1)} s`);
    console.log(lines.join('\n'));
  });

  for (const kind of options.beds ?? DEFAULT_BED_KINDS) {
    const suite = support.ok ? describe : describe.skip;
    const name = options.cgroup === undefined ? kind : `${kind} (cgroup ${options.cgroup})`;
    suite(support.ok ? name : `${name} (skipped: ${support.reason})`, () => {
      let booted: Bed | undefined;
      const bed = (): Bed => {
        if (booted === undefined) throw new Error(`bed ${kind} did not boot`);
        return booted;
      };

      beforeAll(async () => {
        booted = await bootBed(kind, options.cgroup === undefined ? {} : { cgroup: options.cgroup });
        const t = booted.timings;
        beds.push(`  ${kind}  ready in ${(t.totalMs / 1000).toFixed(1)} s (rootfs ${t.rootfsBuildMs === null ? 'cached' : `built in ${(t.rootfsBuildMs / 1000).toFixed(1)} s`})`);
      });

      afterAll(async () => {
        if (booted === undefined) return;
        const started = Date.now();
        await booted.shutdown();
        beds.push(`  ${kind}  shut down in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });

      define({
        kind,
        rootless: hasRootlessUser(kind),
        bed,
        root: () => rootActor(bed()),
        user: () => {
          if (!hasRootlessUser(kind)) throw new Error(`bed ${kind} has no rootless user`);
          return userActor(bed());
        },
        scenario(title, body, opts = {}) {
          const only: readonly BedKind[] | undefined = typeof opts.only === 'string' ? [opts.only] : opts.only;
          if (only !== undefined && !only.includes(kind)) {
            const reason = opts.reason ?? `runs on ${only.join(', ')} only`;
            console.warn(`[e2e] ${file}: skipping "${title}" on ${kind}: ${reason}`);
            test.skip(`${title} [skipped on ${kind}: ${reason}]`, () => undefined);
            return;
          }
          test(
            title,
            async (ctx) => {
              const started = Date.now();
              let ok: boolean | 'skipped' = false;
              const skip = (reason: string): never => {
                console.warn(`[e2e] ${file}: skipping "${title}" on ${kind}: ${reason}`);
                ok = 'skipped';
                return ctx.skip(reason);
              };
              try {
                await body({ skip });
                ok = true;
              } finally {
                timings.push({ kind, title, ms: Date.now() - started, ok });
              }
            },
            opts.timeoutMs ?? 8 * 60_000,
          );
        },
      });
    });
  }
}

/**
 * The unit's start check refused the start (its required dependency is not active), so it never ran its main
 * process in this boot, and podman never created its container.
 */
export async function expectNeverStarted(p: Project, service: string): Promise<void> {
  const s = await p.show(service, ['ActiveState', 'Result', 'ExecMainStartTimestampMonotonic']);
  expect(s['ActiveState']).toBe('failed');
  expect(s['Result']).toBe('exit-code');
  expect(await p.journal(400)).toContain('is not active: depends_on requires it');
  expect(s['ExecMainStartTimestampMonotonic']).toBe('0');
  expect(await p.exists(p.container(service))).toBe(false);
  const made = await p.podman(['events', '--stream=false', '--since', '30m', '--filter', `container=${p.container(service)}`, '--filter', 'event=create', '--format', '{{.ID}}']);
  expect(made.stdout.trim()).toBe('');
}
