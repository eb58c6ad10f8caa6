// A compose project in a temp folder, a fake machine (FakeHost + FakeSystemd) and the CLI run in-process on it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHost } from '../apply/fake-host.js';
import { FakeSystemd } from '../apply/fake-systemd.js';
import { runCliCaptured, type CliRun } from '../support/cli.js';

export const HOME = '/home/alice';
export const UNIT_DIR = `${HOME}/.config/systemd/user`;
export const FIXTURES = join(import.meta.dirname, 'fixtures');

export class Machine {
  readonly host: FakeHost;
  readonly systemd: FakeSystemd;
  readonly dir: string;

  /** `unitDir`: where the fake systemd reads unit files from; a function of the project folder. */
  constructor(compose?: string, unitDir: (dir: string) => string = () => UNIT_DIR) {
    this.host = new FakeHost({ USER: 'alice', PATH: '/usr/bin' }, HOME);
    this.dir = mkdtempSync(join(tmpdir(), 'c2s-cli-'));
    this.systemd = new FakeSystemd(this.host, unitDir(this.dir));
    this.compose(compose ?? readFileSync(join(FIXTURES, 'shop', 'compose.yaml'), 'utf8'));
  }

  /** Replaces the project's compose file. */
  compose(text: string): this {
    writeFileSync(join(this.dir, 'compose.yaml'), text);
    return this;
  }

  /** The project's compose file as it is now. */
  composeText(): string {
    return readFileSync(join(this.dir, 'compose.yaml'), 'utf8');
  }

  run(args: string[], options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<CliRun> {
    return runCliCaptured(args, { cwd: this.dir, homeDir: HOME, isTTY: options.tty ?? false, env: options.env ?? {}, host: () => this.host });
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
