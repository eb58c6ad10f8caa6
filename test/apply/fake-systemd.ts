// A small model of systemd (and of podman's networks and volumes) on top of FakeHost, enough to tell whether
// a run converged: which unit files systemd has loaded (at the last daemon-reload) and which version of its
// file each running unit was started with, and the start limit (StartLimitBurst= in StartLimitIntervalSec=,
// counting every start until reset-failed). Answers systemctl, journalctl, loginctl and podman commands. Its
// Quadlet generator turns the files of `quadletDirs` into units at each daemon-reload, as podman's does (with
// the dependencies Network=, Volume=, Image= and Pod= imply), except the files told to fail.
import { posix } from 'node:path';
import type { RunResult } from '../../src/apply/host.js';
import { fileOfUnit } from '../../src/apply/unit-instances.js';
import { isQuadletFile, serviceOfQuadletFile } from '../../src/podman/quadlet-names.js';
import type { FakeHost } from './fake-host.js';

const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });
const fail = (code: number, stderr: string): RunResult => ({ code, stdout: '', stderr });

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
  /** Restarts per unit (what `systemctl show` reports as NRestarts). */
  readonly restarts = new Map<string, number>();
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
  crash(unit: string): this {
    const text = this.running.get(unit);
    if (text === undefined) return this;
    this.running.delete(unit);
    if (!/^Restart=(on-failure|always)$/m.test(text)) {
      this.failed.add(unit);
      return this;
    }
    this.restarts.set(unit, (this.restarts.get(unit) ?? 0) + 1);
    this.launch(unit, this.loaded.get(fileOfUnit(unit)) ?? text);
    return this;
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
    if (this.broken.has(unit)) {
      this.failed.add(unit);
      return;
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
      for (const [u, text] of this.running) if (text.includes(`PartOf=${unit}`)) this.running.delete(u);
      return;
    }
    this.running.delete(unit);
    this.failed.delete(unit);
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
      `ExecMainStatus=${failed && !this.results.has(unit) ? 1 : 0}`,
      `Job=${slow ? '42' : ''}`,
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

  private journalctl(argv: readonly string[]): RunResult {
    const units = argv.filter((w) => w.startsWith('--user-unit=') || w.startsWith('--unit=')).map((w) => w.slice(w.indexOf('=') + 1));
    return ok(units.map((u) => this.journal.get(u) ?? '').join(''));
  }

  private podman(argv: readonly string[]): RunResult {
    const [, noun, verb] = argv;
    if (noun === 'version') return this.podmanVersion === undefined ? fail(127, 'podman: not found') : ok(`${this.podmanVersion}\n`);
    if (noun === 'inspect') return ok('healthy\n');
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
        set.delete(name);
        return ok(`${name}\n`);
      default:
        return fail(125, `fake podman: ${argv.join(' ')}`);
    }
  }
}
