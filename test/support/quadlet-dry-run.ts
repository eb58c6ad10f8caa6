// Test helper: Quadlet files -> what podman's own generator makes of them (`quadlet -dryrun`, system or user
// mode): the generated units by name, or the generator's error text naming the file and key it rejects.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runOracle, type Oracle } from './oracles.js';

export interface QuadletDryRunOptions {
  /** `-user`: generate user units (default: system units). */
  readonly user?: boolean;
}

export interface QuadletDryRun {
  /** 0 when every file converted; 1 when any was rejected (the others are still printed). */
  readonly code: number;
  /** Generated unit name (e.g. `web.service`) -> its text, from the `---NAME---` sections of stdout. */
  readonly units: ReadonlyMap<string, string>;
  /** The generator's messages without the `quadlet-generator[PID]: ` prefix and the "Loading source unit file" lines. */
  readonly messages: readonly string[];
  /** The messages that are not warnings: why a file was rejected. Empty when code is 0. */
  readonly errors: readonly string[];
  readonly stderr: string;
}

/** Runs `QUADLET_UNIT_DIRS=dir quadlet -dryrun [-user]` (the generator also reads sub-folders of dir). */
export async function quadletDryRun(oracle: Oracle, dir: string, opts: QuadletDryRunOptions = {}): Promise<QuadletDryRun> {
  const home = await mkdtemp(join(tmpdir(), 'c2s-quadlet-home-'));
  try {
    const args = ['-dryrun', ...(opts.user === true ? ['-user'] : [])];
    const r = await runOracle(oracle, args, { env: { HOME: home, QUADLET_UNIT_DIRS: dir } });
    return parseDryRun(r.code, r.stdout, r.stderr);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Writes `files` (relative path -> text) into a fresh folder, runs the dry run on it, removes the folder. */
export async function quadletDryRunFiles(oracle: Oracle, files: Readonly<Record<string, string>>, opts: QuadletDryRunOptions = {}): Promise<QuadletDryRun> {
  const dir = await mkdtemp(join(tmpdir(), 'c2s-quadlet-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), text);
    }
    return await quadletDryRun(oracle, dir, opts);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One run of `quadlet -dryrun` (here or inside an e2e bed) -> units and messages. */
export function parseDryRun(code: number, stdout: string, stderr: string): QuadletDryRun {
  const messages = stderr
    .split('\n')
    .map((line) => line.replace(/^quadlet-generator\[\d+\]: /, ''))
    .filter((line) => line !== '' && !line.startsWith('Loading source unit file '));
  return { code, units: parseDryRunUnits(stdout), messages, errors: messages.filter((m) => !m.startsWith('Warning: ')), stderr };
}

/** `---web.service---` starts a unit; its text runs to the next such line, with the separating blank line dropped. */
export function parseDryRunUnits(stdout: string): ReadonlyMap<string, string> {
  const units = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (name !== undefined) units.set(name, `${lines.join('\n').replace(/\n+$/, '')}\n`);
  };
  for (const line of stdout.split('\n')) {
    const header = /^---(.+)---$/.exec(line);
    if (header?.[1] !== undefined) {
      flush();
      name = header[1];
      lines = [];
    } else if (name !== undefined) {
      lines.push(line);
    }
  }
  flush();
  return units;
}
