// Test helper, offline oracles: oracle name -> a Debian-packaged binary (podman's Quadlet generator of trixie or
// forky, docker compose v2), fetched once by scripts/fetch-oracles.sh into a cache keyed by package version.
// Where it cannot be fetched the lookup says why; under CI (or C2S_REQUIRE_ORACLES=1) that is an error instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type OracleName = 'quadlet-trixie' | 'quadlet-forky' | 'docker-compose';

export interface Oracle {
  readonly name: OracleName;
  /** Debian suite the package came from. */
  readonly suite: string;
  readonly package: string;
  /** Debian package version, e.g. `5.4.2+ds1-2+b2`. */
  readonly version: string;
  /** Absolute path of the executable (a wrapper when it needs the suite's own glibc). */
  readonly binary: string;
}

export type OracleLookup = { readonly ok: true; readonly oracle: Oracle } | { readonly ok: false; readonly reason: string };

export const ORACLE_HOME = process.env['C2S_ORACLE_HOME'] || '/var/tmp/compose2systemd-oracles';
const FETCH_SCRIPT = resolve(import.meta.dirname, '..', '..', 'scripts', 'fetch-oracles.sh');

let fetching: Promise<string | undefined> | undefined;

/** The oracle, fetching every oracle once per process when one is missing from the cache. */
export async function findOracle(name: OracleName): Promise<OracleLookup> {
  let found = readManifest(name);
  if (!found.ok) {
    fetching ??= runFetchScript();
    const failure = await fetching;
    found = readManifest(name);
    if (!found.ok && failure !== undefined) found = { ok: false, reason: failure };
  }
  if (!found.ok && oraclesRequired()) {
    throw new Error(`oracle ${name} is required here (CI or C2S_REQUIRE_ORACLES=1) but unavailable: ${found.reason}`);
  }
  return found;
}

/** Test title that carries the skip reason, which also goes to stderr: an oracle never goes missing silently. */
export function oracleTitle(lookup: OracleLookup, title: string): string {
  if (lookup.ok) return `${title} (${lookup.oracle.package} ${lookup.oracle.version} from ${lookup.oracle.suite})`;
  console.warn(`[oracles] SKIPPING "${title}": ${lookup.reason}`);
  return `${title} (skipped: ${lookup.reason})`;
}

function oraclesRequired(): boolean {
  const ci = process.env['CI'];
  return process.env['C2S_REQUIRE_ORACLES'] === '1' || (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0');
}

function readManifest(name: OracleName): OracleLookup {
  const file = resolve(ORACLE_HOME, `${name}.json`);
  if (!existsSync(file)) return { ok: false, reason: `${file} does not exist (run scripts/fetch-oracles.sh as root)` };
  let oracle: Oracle;
  try {
    oracle = JSON.parse(readFileSync(file, 'utf8')) as Oracle;
  } catch (e) {
    return { ok: false, reason: `${file} is not JSON: ${(e as Error).message}` };
  }
  if (oracle.name !== name || typeof oracle.binary !== 'string' || !existsSync(oracle.binary)) {
    return { ok: false, reason: `${file} names no existing binary (run scripts/fetch-oracles.sh again)` };
  }
  return { ok: true, oracle };
}

/** Resolves to undefined when the script succeeded, else to its last lines. */
function runFetchScript(): Promise<string | undefined> {
  return new Promise((done) => {
    const child = spawn('sh', [FETCH_SCRIPT], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', (e) => done(`cannot run ${FETCH_SCRIPT}: ${e.message}`));
    child.on('close', (code) => {
      const last = err.trimEnd().split('\n').slice(-3).join(' | ');
      done(code === 0 ? undefined : `scripts/fetch-oracles.sh exited ${code}: ${last || '(no output)'}`);
    });
  });
}

export interface OracleRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the oracle with only PATH and `env` in its environment (nothing of the test process leaks in). */
export function runOracle(oracle: Oracle, args: readonly string[], opts: { readonly env?: Readonly<Record<string, string>>; readonly cwd?: string } = {}): Promise<OracleRun> {
  return new Promise((done, fail) => {
    const child = spawn(oracle.binary, args, { env: { PATH: '/usr/bin:/bin', ...opts.env }, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code, signal) =>
      done({ code: code ?? (signal === null ? -1 : 128), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}
