// A small model of systemd (and of podman's networks and volumes) on top of FakeHost, enough to tell whether
// a run converged: which unit files systemd has loaded (at the last daemon-reload) and which version of its
// file each running unit was started with, and the start limit (StartLimitBurst= in StartLimitIntervalSec=,
// counting every start until reset-failed). Answers systemctl, journalctl, loginctl and podman commands. Its
// Quadlet generator turns the files of `quadletDirs` into units at each daemon-reload, as podman's does (with
// the dependencies Network=, Volume=, Image= and Pod= imply), except the files told to fail. A service unit
// that runs a long-lived container has one in `containers` while it runs (labelled with the project and the
// unit, on the networks it names), removed when the unit stops; `kill` leaves it behind, as a SIGKILL of the
// unit does on podman 5.4, where the first `podman rm --force` of it then only stops it (exit 125).
import { posix } from 'node:path';
import type { RunResult } from '../../src/apply/host.js';
import { fileOfUnit } from '../../src/apply/unit-instances.js';
import { isQuadletFile, serviceOfQuadletFile } from '../../src/podman/quadlet-names.js';
import type { FakeHost } from './fake-host.js';

const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });
const fail = (code: number, stderr: string): RunResult => ({ code, stdout: '', stderr });

export interface FakeContainer {
  readonly id: string;
  readonly name: string;
  readonly project: string | undefined;
  /** The unit that started it (its PODMAN_SYSTEMD_UNIT label); undefined for one made by hand. */
  readonly unit: string | undefined;
  readonly networks: readonly string[];
  state: string;
  /** Left running outside its unit: `podman run --replace` of the same name fails until it is removed. */
  stray: boolean;
  /** Its conmon was killed (podman 5): the first `podman rm --force` only stops it, exit 125. */
  conmonGone?: boolean;
  exitCode: number;
  oomKilled: boolean;
  health: string | undefined;
}

const READS = new Set(['show', 'is-enabled', 'is-active', 'status', 'cat']);
/** Units the distribution's packages install (podman's auto-update timer). */
const VENDOR_UNITS = new Set(['podman-auto-update.timer']);

export class FakeSystemd {
  /** Unit file name -> its text when systemd last read it (daemon-reload). */
  readonly loaded = new Map<string, string>();
  /** Running unit -> the text of its file it was started with. */
  readonly running = new Map<string, string>();
  /** Units whose start fails (they end up `failed`). */
  readonly broken = new Set<string>();
  readonly failed = new Set<string>();
  /** Why a failed unit failed (`Result=`); `exit-code` when not set. */
  readonly results = new Map<string, string>();
  /** The virtual times of each unit's starts since its last reset-failed, for its start limit. */
  private readonly starts = new Map<string, number[]>();
  /** Units that stay `activating` with a start job pending (a slow image pull). */
  readonly slow = new Set<string>();
  readonly enabled = new Set<string>();
  readonly journal = new Map<string, string>();
  readonly networks = new Set<string>();
  readonly volumes = new Set<string>();
  /** Resource name -> its `com.docker.compose.project` label. */
  readonly labels = new Map<string, string>();
  /** How often each unit's main process was started (a one-shot job: how often it ran). */
  readonly launches = new Map<string, number>();
  /** Restarts per unit (what `systemctl show` reports as NRestarts). */
  readonly restarts = new Map<string, number>();
  /** Containers podman holds, by id. */
  readonly containers = new Map<string, FakeContainer>();
  /** Pod name -> its project label. */
  readonly pods = new Map<string, string>();
  /** Unit -> how its main process last ended: `ExecMainCode` (1 exited, 2 killed) and `ExecMainStatus`; cleared at each start. */
  readonly lastExit = new Map<string, { code: number; status: number }>();
  private nextId = 1;
  linger: boolean | undefined = true;
  /** Folders the fake Quadlet generator reads at daemon-reload. */
  readonly quadletDirs: string[] = [];
  /** Quadlet file name -> the generator's complaint: no unit is made of it. */
  readonly generatorRejects = new Map<string, string>();
  // Debian 12's podman, which has no Quadlet: without --format, up installs plain units.
  podmanVersion: string | undefined = '4.3.1';
  /** When set, the n-th mutating systemctl call from now (1-based) fails without doing anything. */
  private failAt: number | undefined;
  private mutatingCalls = 0;
  /** Every mutating systemctl command run, for assertions. */
  readonly log: string[] = [];

  constructor(
    private readonly host: FakeHost,
    readonly unitDir: string,
  ) {
    host.onRun(['systemctl'], (argv) => this.systemctl(argv));
    host.onRun(['journalctl'], (argv) => this.journalctl(argv));
    host.onRun(['loginctl'], (argv) => (this.linger === undefined ? fail(1, 'Failed to get user') : ok(`Linger=${this.linger ? 'yes' : 'no'}\n`)));
    host.onRun(['podman'], (argv) => this.podman(argv));
    host.onRun(['env'], (argv) => this.generatorDryRun(argv));
  }

  failSystemctl(n: number): this {
    this.failAt = this.mutatingCalls + n;
    return this;
  }

  /**
   * The unit's main process dies on its own. With Restart=on-failure or always systemd starts it again at
   * once (a start that counts against the limit; refused past it: failed, start-limit-hit); otherwise the
   * unit is failed.
   */
  crash(unit: string, exit: { code: number; status: number } = { code: 1, status: 1 }, oom = false, keepContainer = false): this {
    const text = this.running.get(unit);
    if (text === undefined) return this;
    this.running.delete(unit);
    this.lastExit.set(unit, exit);
    const c = this.containerOf(unit);
    if (c) {
      c.state = 'exited';
      c.exitCode = exit.code === 2 ? 128 + exit.status : exit.status;
      c.oomKilled = oom;
    }
    // --rm, or ExecStopPost: the container goes with the run (`keepContainer`: podman has not removed it yet)
    if (!keepContainer) this.removeContainerOf(unit);
    if (!/^Restart=(on-failure|always)$/m.test(text)) {
      this.failed.add(unit);
      return this;
    }
    this.restarts.set(unit, (this.restarts.get(unit) ?? 0) + 1);
    this.launch(unit, this.loaded.get(fileOfUnit(unit)) ?? text);
    return this;
  }

  /**
   * `systemctl kill -s SIGKILL UNIT` on podman 5.4: conmon and the unit's processes die, ExecStopPost with
   * them, so the unit ends failed while its container keeps running outside the unit's cgroup.
   */
  kill(unit: string): this {
    if (!this.running.delete(unit)) return this;
    this.failed.add(unit);
    this.results.set(unit, 'signal');
    this.lastExit.set(unit, { code: 2, status: 9 });
    const c = this.containerOf(unit);
    if (c) {
      c.stray = true;
      c.conmonGone = Number(this.podmanVersion?.split('.')[0]) >= 5;
    }
    return this;
  }

  /** A container with the project's label that no unit started (a `podman run` by hand, another tool). */
  addContainer(name: string, project: string, networks: readonly string[] = []): FakeContainer {
    const c: FakeContainer = { id: `c${this.nextId++}`, name, project, unit: undefined, networks, state: 'running', stray: true, exitCode: 0, oomKilled: false, health: undefined };
    this.containers.set(c.id, c);
    return c;
  }

  /** The container a unit runs now (not a stray one it left behind). */
  containerOf(unit: string): FakeContainer | undefined {
    return [...this.containers.values()].find((c) => c.unit === unit && !c.stray);
  }

  private removeContainerOf(unit: string): void {
    for (const [id, c] of this.containers) if (c.unit === unit && !c.stray) this.containers.delete(id);
  }

  /** Mutating systemctl calls made so far. */
  get mutations(): number {
    return this.mutatingCalls;
  }

  /** The unit files in the unit directory now. */
  filesOnDisk(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [path, content] of Object.entries(this.host.snapshot(this.unitDir))) {
      const name = posix.relative(this.unitDir, path);
      if (!name.includes('/') && !name.startsWith('.')) out.set(name, content);
    }
    return out;
  }

  /**
   * Converged: systemd has loaded exactly the files on disk, every unit of `units` runs the file now on
   * disk, and no other unit of the project runs.
   */
  convergenceProblems(units: readonly string[], prefix: string): string[] {
    const problems: string[] = [];
    const disk = new Map([...this.filesOnDisk(), ...this.generated()]);
    for (const [name, text] of disk) if (this.loaded.get(name) !== text) problems.push(`${name}: loaded version differs from disk`);
    for (const name of this.loaded.keys()) if (!disk.has(name)) problems.push(`${name}: still loaded, but deleted`);
    for (const u of units) {
      if (u.endsWith('.target')) continue;
      const text = disk.get(fileOfUnit(u));
      if (text === undefined) problems.push(`${u}: no file`);
      else if (this.running.get(u) !== text) problems.push(`${u}: ${this.running.has(u) ? 'runs an old version' : 'not running'}`);
    }
    for (const u of this.running.keys()) if (u.startsWith(prefix) && !units.includes(u)) problems.push(`${u}: runs, but left the project`);
    return problems;
  }

  private systemctl(argv: readonly string[]): RunResult {
    const words = argv.slice(1).filter((w) => w !== '--user' && w !== '--no-block' && w !== '--system');
    const verb = words[0] ?? '';
    const units = words.slice(1).filter((w) => !w.startsWith('--'));
    if (!READS.has(verb)) {
      this.mutatingCalls++;
      this.log.push(argv.join(' '));
      if (this.failAt === this.mutatingCalls) return fail(1, `Failed to ${verb}: injected failure`);
    }
    switch (verb) {
      case 'daemon-reload':
        this.loaded.clear();
        for (const [name, text] of this.filesOnDisk()) this.loaded.set(name, text);
        for (const [name, text] of this.generated()) this.loaded.set(name, text);
        return ok();
      case 'start':
        for (const u of units) {
          if (!this.loaded.has(fileOfUnit(u))) return fail(5, `Failed to start ${u}: Unit ${u} not found.`);
        }
        for (const u of units) this.start(u, false);
        return ok();
      case 'restart':
        for (const u of units) {
          if (!this.loaded.has(fileOfUnit(u))) return fail(5, `Failed to restart ${u}: Unit ${u} not found.`);
        }
        for (const u of units) this.start(u, true);
        return ok();
      case 'stop': {
        const known = (u: string) => this.loaded.has(fileOfUnit(u)) || this.running.has(u);
        const missing = units.filter((u) => !known(u));
        for (const u of units.filter(known)) this.stop(u);
        return missing.length > 0 ? fail(5, `Failed to stop ${missing[0]}: Unit ${missing[0]} not loaded.`) : ok();
      }
      case 'enable':
        if (!this.loaded.has(units[0] ?? '') && !VENDOR_UNITS.has(units[0] ?? '')) return fail(1, `Failed to enable unit: Unit file ${units[0]} does not exist.`);
        this.enabled.add(units[0]!);
        return { code: 0, stdout: '', stderr: `Created symlink ${this.unitDir}/default.target.wants/${units[0]} → ${this.unitDir}/${units[0]}.\n` };
      case 'reset-failed':
        for (const u of units.length > 0 ? units : [...this.failed, ...this.starts.keys()]) {
          this.failed.delete(u);
          this.results.delete(u);
          this.starts.delete(u);
          this.restarts.delete(u);
          this.lastExit.delete(u);
        }
        return ok();
      case 'disable':
        this.enabled.delete(units[0] ?? '');
        return ok();
      case 'is-enabled':
        return this.enabled.has(units[0] ?? '') ? ok('enabled\n') : { code: 1, stdout: 'disabled\n', stderr: '' };
      case 'show':
        return ok(units.map((u) => this.show(u)).join('\n'));
      default:
        return fail(1, `fake systemd: unknown verb ${verb}`);
    }
  }

  private start(unit: string, restart: boolean, starting = new Set<string>()): void {
    const text = this.loaded.get(fileOfUnit(unit));
    // Wants= may go both ways (a pod wants its containers, which require the pod): one start job each.
    if (text === undefined || starting.has(unit)) return;
    starting.add(unit);
    for (const dep of this.pulls(text)) if (!this.running.has(dep)) this.start(dep, false, starting);
    if (unit.endsWith('.target')) return;
    if (this.running.has(unit) && !restart) return;
    if (this.running.has(unit)) this.restarts.set(unit, (this.restarts.get(unit) ?? 0) + 1);
    this.launch(unit, text);
  }

  /** One start of a service: refused past its start limit, failed when broken, else running `text`. */
  private launch(unit: string, text: string): void {
    this.failed.delete(unit);
    this.results.delete(unit);
    this.running.delete(unit);
    if (this.startLimitHit(unit, text)) {
      this.failed.add(unit);
      this.results.set(unit, 'start-limit-hit');
      return;
    }
    // a new main process: systemd forgets how the last one ended (ExecMainCode=0 while it runs)
    this.lastExit.delete(unit);
    this.launches.set(unit, (this.launches.get(unit) ?? 0) + 1);
    if (this.broken.has(unit)) {
      this.failed.add(unit);
      return;
    }
    const run = containerOfUnit(unit, text);
    if (run) {
      this.removeContainerOf(unit);
      // podman run --replace cannot replace a container whose conmon is gone: exit 125, the unit fails
      if ([...this.containers.values()].some((c) => c.name === run.name && c.stray)) {
        this.failed.add(unit);
        this.lastExit.set(unit, { code: 1, status: 125 });
        return;
      }
      const c: FakeContainer = { id: `c${this.nextId++}`, ...run, unit, state: 'running', stray: false, exitCode: 0, oomKilled: false, health: undefined };
      this.containers.set(c.id, c);
    }
    this.running.set(unit, text);
  }

  /** Counts a start as systemd does: refused once StartLimitBurst= starts fall in StartLimitIntervalSec=. */
  private startLimitHit(unit: string, text: string): boolean {
    const burst = /^StartLimitBurst=(\d+)$/m.exec(text)?.[1];
    const interval = /^StartLimitIntervalSec=(\S+)$/m.exec(text)?.[1] ?? '10s';
    if (burst === undefined || interval === '0') return false;
    const ms = /^(\d+)(ms|s)$/.exec(interval);
    const window = interval === 'infinity' || !ms ? Infinity : Number(ms[1]) * (ms[2] === 's' ? 1000 : 1);
    const now = this.host.now();
    const recent = (this.starts.get(unit) ?? []).filter((t) => now - t < window);
    const hit = recent.length >= Number(burst);
    this.starts.set(unit, hit ? recent : [...recent, now]);
    return hit;
  }

  private stop(unit: string): void {
    if (unit.endsWith('.target')) {
      for (const [u, text] of this.running) if (text.includes(`PartOf=${unit}`)) this.stop(u);
      return;
    }
    // as systemd: stopping a unit that is not running leaves its failed state (only reset-failed clears it)
    if (this.running.delete(unit)) this.failed.delete(unit);
    this.removeContainerOf(unit);
  }

  /** The units a unit pulls in with Wants=, Requires= or BindsTo=. */
  private pulls(text: string): string[] {
    const out: string[] = [];
    for (const line of text.split('\n')) {
      const m = /^(Wants|Requires|BindsTo)=(.*)$/.exec(line);
      if (m) out.push(...m[2]!.split(/\s+/).filter((u) => u !== '' && !u.startsWith('network-online')));
    }
    return out;
  }

  /** `UNIT.d/*.conf` of the unit and, for an instance, of its template, as systemd lists them (sorted by file name). */
  private dropIns(unit: string): string[] {
    const dirs = [...new Set([`${fileOfUnit(unit)}.d`, `${unit}.d`])];
    const files = dirs.flatMap((d) => Object.keys(this.host.snapshot(`${this.unitDir}/${d}`)).filter((p) => p.endsWith('.conf')));
    const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
    return files.sort((a, b) => (base(a) < base(b) ? -1 : base(a) > base(b) ? 1 : 0));
  }

  private show(unit: string): string {
    const loaded = this.loaded.has(fileOfUnit(unit)) || unit.endsWith('.target');
    const target = unit.endsWith('.target');
    const active = target ? this.loaded.has(unit) : this.running.has(unit);
    const failed = this.failed.has(unit);
    const slow = this.slow.has(unit) && active;
    return [
      `Id=${unit}`,
      `LoadState=${loaded ? 'loaded' : 'not-found'}`,
      `ActiveState=${failed ? 'failed' : slow ? 'activating' : active ? 'active' : 'inactive'}`,
      `SubState=${failed ? 'failed' : slow ? 'start' : active ? (target ? 'active' : 'running') : 'dead'}`,
      `Result=${failed ? (this.results.get(unit) ?? 'exit-code') : 'success'}`,
      `NRestarts=${this.restarts.get(unit) ?? 0}`,
      `Restart=${target ? '' : (/^Restart=(\S+)$/m.exec(this.loaded.get(fileOfUnit(unit)) ?? '')?.[1] ?? 'no')}`,
      `ExecMainCode=${this.lastExit.get(unit)?.code ?? (failed && !this.results.has(unit) ? 1 : 0)}`,
      `ExecMainStatus=${this.lastExit.get(unit)?.status ?? (failed && !this.results.has(unit) ? 1 : 0)}`,
      `Job=${slow ? '42' : ''}`,
      `DropInPaths=${loaded ? this.dropIns(unit).join(' ') : ''}`,
      '',
    ].join('\n');
  }

  /** What the Quadlet generator makes of the files in `quadletDirs`: unit name -> text with the implied dependencies. */
  private generated(): Map<string, string> {
    const out = new Map<string, string>();
    for (const dir of this.quadletDirs) {
      for (const [path, text] of Object.entries(this.host.snapshot(dir))) {
        const name = posix.relative(dir, path);
        if (name.includes('/') || !isQuadletFile(name) || this.generatorRejects.has(name)) continue;
        const implied = [...text.matchAll(/^(Network|Volume|Image|Pod)=([^:\s]+\.(network|volume|image|build|pod))/gm)].map((m) => serviceOfQuadletFile(m[2]!)!);
        out.set(serviceOfQuadletFile(name)!, implied.length > 0 ? `${text}\n[Unit]\nRequires=${implied.join(' ')}\n` : text);
      }
    }
    return out;
  }

  /** `env QUADLET_UNIT_DIRS=DIR quadlet -dryrun`: the complaints about the rejected files. */
  private generatorDryRun(argv: readonly string[]): RunResult {
    if (!argv.some((a) => a.startsWith('QUADLET_UNIT_DIRS=')) || !argv.includes('-dryrun')) return fail(127, `fake: ${argv.join(' ')}`);
    const said = [...this.generatorRejects].map(([file, why]) => `quadlet-generator[1]: converting "${file}": ${why}\n`).join('');
    return { code: said === '' ? 0 : 1, stdout: '', stderr: said };
  }

  /** `podman inspect --format {{...}} NAME`: the fields status reads, of a container that exists. */
  private inspect(argv: readonly string[]): RunResult {
    const name = argv[argv.length - 1]!;
    const c = [...this.containers.values()].find((x) => x.name === name || x.id === name);
    if (!c) return fail(125, `Error: no such object: "${name}"`);
    const format = argv[argv.indexOf('--format') + 1] ?? '';
    if (format === '{{.State.Health.Status}}') return ok(`${c.health ?? 'healthy'}\n`);
    if (format === '{{.State.OOMKilled}}') return ok(`${c.oomKilled}\n`);
    return ok(JSON.stringify([{ Id: c.id, Name: c.name, State: { Status: c.state, ExitCode: c.exitCode, OOMKilled: c.oomKilled, Health: { Status: c.health ?? '' } } }]));
  }

  private journalctl(argv: readonly string[]): RunResult {
    const units = argv.filter((w) => w.startsWith('--user-unit=') || w.startsWith('--unit=')).map((w) => w.slice(w.indexOf('=') + 1));
    return ok(units.map((u) => this.journal.get(u) ?? '').join(''));
  }

  private podman(argv: readonly string[]): RunResult {
    const [, noun, verb] = argv;
    if (noun === 'version') return this.podmanVersion === undefined ? fail(127, 'podman: not found') : ok(`${this.podmanVersion}\n`);
    if (noun === 'inspect') return this.inspect(argv);
    const project = argv.find((w) => w.startsWith('label=com.docker.compose.project='))?.split('=')[2];
    if (noun === 'ps') {
      const list = [...this.containers.values()].filter((c) => project === undefined || c.project === project);
      return ok(JSON.stringify(list.map((c) => ({ Id: c.id, Names: [c.name], State: c.state, Labels: { ...(c.project ? { 'com.docker.compose.project': c.project } : {}), ...(c.unit ? { PODMAN_SYSTEMD_UNIT: c.unit } : {}) } }))));
    }
    if (noun === 'rm') {
      const ids = argv.slice(2).filter((w) => !w.startsWith('-') && w !== '10');
      for (const id of ids) {
        const found = this.containers.get(id) ?? [...this.containers.values()].find((c) => c.name === id);
        if (!found && !argv.includes('--ignore')) return fail(1, `Error: no container with name or ID "${id}" found: no such container`);
        if (found?.conmonGone) {
          // podman 5.4, seen in the e2e bed: the container is stopped, not removed, and rm exits 125
          found.conmonGone = false;
          found.state = 'exited';
          return fail(125, `Error: cannot remove container ${found.id} as it could not be stopped: container ${found.id} conmon exited prematurely, exit code could not be retrieved: internal libpod error`);
        }
        if (found) this.containers.delete(found.id);
      }
      return ok(ids.map((i) => `${i}\n`).join(''));
    }
    if (noun === 'pod') {
      if (verb === 'ls') return ok(JSON.stringify([...this.pods].filter(([, p]) => project === undefined || p === project).map(([n]) => ({ Name: n }))));
      if (verb === 'rm') {
        for (const name of argv.slice(3).filter((w) => !w.startsWith('-'))) this.pods.delete(name);
        return ok();
      }
    }
    const set = noun === 'network' ? this.networks : noun === 'volume' ? this.volumes : undefined;
    if (!set) return fail(125, `fake podman: ${argv.join(' ')}`);
    const name = argv[argv.length - 1]!;
    switch (verb) {
      case 'ls': {
        const label = argv.find((w) => w.startsWith('label=com.docker.compose.project='))?.split('=')[2];
        return ok([...set].filter((n) => label === undefined || this.labels.get(n) === label).map((n) => `${n}\n`).join(''));
      }
      case 'exists':
        return set.has(name) ? ok() : fail(1, '');
      case 'rm':
        if (!set.has(name)) return fail(1, `Error: unable to find ${noun} with name or ID ${name}: ${noun} not found`);
        if (noun === 'network' && [...this.containers.values()].some((c) => c.networks.includes(name))) {
          return fail(2, `Error: "${name}" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used`);
        }
        set.delete(name);
        return ok(`${name}\n`);
      default:
        return fail(125, `fake podman: ${argv.join(' ')}`);
    }
  }
}

/** The container a service unit runs: `--name` of its `podman run`, or a Quadlet `ContainerName=`; none for a job. */
function containerOfUnit(unit: string, text: string): { name: string; project: string | undefined; networks: string[] } | undefined {
  if (/^Type=oneshot$/m.test(text)) return undefined;
  const named = /^\s*--name (\S+)/m.exec(text)?.[1] ?? /^ContainerName=(\S+)$/m.exec(text)?.[1];
  if (named === undefined || !/podman run|^\[Container\]/m.test(text)) return undefined;
  const at = unit.indexOf('@');
  const instance = at < 0 ? '' : unit.slice(at + 1, unit.lastIndexOf('.'));
  const project = /com\.docker\.compose\.project=([^\s"]+)/.exec(text)?.[1];
  const networks = [...text.matchAll(/^\s*--network ([^\s:]+)/gm), ...text.matchAll(/^Network=([^\s:]+)/gm)].map((m) => m[1]!);
  return { name: named.replace('%i', instance), project, networks };
}
