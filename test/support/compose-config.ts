// Test helper: a compose project -> what docker compose v2 itself prints for `config` (the reference
// implementation's resolved model), run offline from the Debian-packaged plugin binary.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOracle, type Oracle, type OracleRun } from './oracles.js';

export interface ComposeConfigOptions {
  /** The compose files, as `-f` in order (relative to cwd or absolute). */
  readonly files: readonly string[];
  readonly cwd: string;
  /** The whole environment interpolation sees (besides PATH); nothing of the test process leaks in. */
  readonly env?: Readonly<Record<string, string>>;
  /** More arguments after `config`, e.g. `['--no-interpolate']`. */
  readonly args?: readonly string[];
}

export interface ComposeConfig extends OracleRun {
  /** `config --format json` parsed; undefined when compose refused the project (see stderr). */
  readonly json: unknown;
}

/** `docker-compose -f ... config --format json ARGS...` with a private HOME and DOCKER_CONFIG. */
export async function composeConfig(oracle: Oracle, opts: ComposeConfigOptions): Promise<ComposeConfig> {
  const home = await mkdtemp(join(tmpdir(), 'c2s-compose-home-'));
  try {
    const args = [...opts.files.flatMap((f) => ['-f', f]), 'config', '--format', 'json', ...(opts.args ?? [])];
    const r = await runOracle(oracle, args, { cwd: opts.cwd, env: { HOME: home, DOCKER_CONFIG: join(home, '.docker'), ...opts.env } });
    return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as unknown) : undefined };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
