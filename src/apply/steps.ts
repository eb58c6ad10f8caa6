// Stage 11, apply: the ordered steps of `up` and `down` (file changes, pending-work bookkeeping, commands),
// how a dry run prints them, and how a real run executes them through Host. Reports C806 and C807.
// One list serves both, so the commands a dry run prints are exactly the commands the real run would run.
import { posix } from 'node:path';
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { applyChanges } from './apply-changes.js';
import type { ChangeSet } from './changes.js';
import { applyCodes } from './codes.js';
import { tempPathFor, type Host, type RunResult } from './host.js';
import { pendingPath, serializePending, type PendingWork } from './pending.js';
import { RECORD_DIR } from './record.js';
import { createSystemdDriver, type Scope } from './systemctl.js';

export type Step =
  /** Write (or rewrite) the pending-work file before the work is done. */
  | { readonly kind: 'owe'; readonly work: PendingWork }
  /** Apply the change set of one directory: write and delete its files and its record. */
  | { readonly kind: 'files'; readonly dir: string; readonly set: ChangeSet }
  /** Remove the pending-work file: systemd has done everything owed. */
  | { readonly kind: 'settle' }
  /**
   * Run a command. `okCodes` are exit codes that still count as done, e.g. 5 ("unit not loaded") for a stop
   * of a unit that an earlier, interrupted run already removed. `retry`: when it fails, run it once more
   * (shown once more too) and judge that run.
   */
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly okCodes?: readonly number[]; readonly retry?: boolean }
  /**
   * After a daemon-reload: check that podman's Quadlet generator made a unit of each Quadlet file; for any it did
   * not, ask the generator why (a dry run over `quadletDir`) and stop with its message.
   */
  | { readonly kind: 'check-generated'; readonly scope: Scope; readonly quadletDir: string; readonly files: readonly { readonly file: string; readonly unit: string }[] };

/** The commands of a step list, for a dry run. */
export function commandsOf(steps: readonly Step[]): string[][] {
  return steps.flatMap((s) => (s.kind === 'command' ? [[...s.argv]] : []));
}

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A command line as a POSIX shell would read it back: words that need it are single-quoted. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((w) => (PLAIN_WORD.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export interface ExecuteResult {
  readonly completed: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ExecuteContext {
  readonly unitDir: string;
  readonly project: string;
  /** Called before each command runs, for the live log. */
  readonly onCommand?: (argv: readonly string[]) => void;
  /** Called after each files step with what it wrote and deleted in `dir`. */
  readonly onFiles?: (written: readonly string[], deleted: readonly string[], dir: string) => void;
}

/** Runs the steps in order and stops at the first that fails; a re-run continues from the disk's state. */
export async function executeSteps(host: Host, steps: readonly Step[], ctx: ExecuteContext): Promise<ExecuteResult> {
  const diagnostics: Diagnostic[] = [];
  const pending = pendingPath(ctx.unitDir, ctx.project);
  for (const step of steps) {
    switch (step.kind) {
      case 'owe': {
        const failed = await fileStep(host, 'write', pending, async () => {
          await host.mkdirp(posix.join(ctx.unitDir, RECORD_DIR));
          await host.writeFileAtomic(pending, serializePending(ctx.project, step.work));
        });
        if (failed) return { completed: false, diagnostics: [...diagnostics, failed] };
        break;
      }
      case 'settle': {
        const failed = await fileStep(host, 'delete', pending, async () => {
          await host.removeFile(pending);
          // A write of the pending file killed midway leaves its temp file; nothing else would remove it.
          if ((await host.readFile(tempPathFor(pending))) !== undefined) await host.removeFile(tempPathFor(pending));
        });
        if (failed) return { completed: false, diagnostics: [...diagnostics, failed] };
        break;
      }
      case 'files': {
        const result = await applyChanges(host, step.dir, step.set);
        diagnostics.push(...result.diagnostics);
        ctx.onFiles?.(result.written, [...result.deleted], step.dir);
        if (!result.completed) return { completed: false, diagnostics };
        break;
      }
      case 'check-generated': {
        const rejected = await checkGenerated(host, step);
        if (rejected.length > 0) return { completed: false, diagnostics: [...diagnostics, ...rejected] };
        break;
      }
      case 'command': {
        ctx.onCommand?.(step.argv);
        const ok = (code: number) => code === 0 || (step.okCodes ?? []).includes(code);
        let result = await host.run(step.argv);
        if (!ok(result.code) && step.retry) {
          ctx.onCommand?.(step.argv);
          result = await host.run(step.argv);
        }
        if (!ok(result.code)) {
          return { completed: false, diagnostics: [...diagnostics, commandFailed(step.argv, result)] };
        }
        break;
      }
    }
  }
  return { completed: true, diagnostics };
}

async function fileStep(host: Host, verb: 'write' | 'delete', path: string, work: () => Promise<void>): Promise<Diagnostic | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return diagnostic(applyCodes.writeFailed, `could not ${verb} \`${path}\`: ${reason}`, [{ span: { file: path, start: 0, end: 0 } }], {
      help: 'fix the cause (permissions, full disk, read-only filesystem) and run the command again: it continues where this run stopped',
    });
  }
}

const RERUN_HELP =
  'fix the cause and run the same command again: the files written so far are kept, and what this run still owed systemd is remembered and done by the next run';

/** C807 for a command that failed; `help` replaces the advice for commands that change nothing (status, logs). */
export function commandFailed(argv: readonly string[], result: RunResult, help = RERUN_HELP): Diagnostic {
  const said = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-5).join('\n');
  const how = result.code === 127 ? 'could not be started' : result.code === 124 ? 'timed out' : `failed with exit code ${result.code}`;
  return diagnostic(applyCodes.commandFailed, `\`${shellQuote(argv)}\` ${how}${said ? `:\n${said}` : ''}`, [], {
    help,
    ...(argv[0] === 'systemctl' && argv[1] === '--user' ? { note: 'user units need a running user manager: log in as that user (not `su`), or enable lingering with `loginctl enable-linger`' } : {}),
  });
}

/** Where distributions put podman's Quadlet generator (the system generators link to it). */
const QUADLET_BINARIES = ['/usr/libexec/podman/quadlet', '/usr/lib/podman/quadlet', '/usr/lib/systemd/system-generators/podman-system-generator'];

/**
 * A Quadlet file the generator rejects leaves no unit behind, so a start would only say "not found". Ask systemd
 * which units exist; for each missing one, run the generator in dry-run mode over the folder and report the lines
 * it printed about that file (all its error lines when none names it).
 */
async function checkGenerated(host: Host, step: Extract<Step, { kind: 'check-generated' }>): Promise<Diagnostic[]> {
  if (step.files.length === 0) return [];
  const { statuses } = await createSystemdDriver(host, step.scope).status(step.files.map((f) => f.unit));
  if (!statuses) return [];
  const missing = step.files.filter((f) => statuses.find((s) => s.unit === f.unit)?.loadState === 'not-found');
  if (missing.length === 0) return [];
  let said = '';
  for (const binary of QUADLET_BINARIES) {
    const r = await host.run(['env', `QUADLET_UNIT_DIRS=${step.quadletDir}`, binary, '-dryrun', ...(step.scope === 'user' ? ['-user'] : [])]);
    if (r.code === 127) continue;
    said = r.stderr;
    break;
  }
  const lines = said.split('\n').map((l) => l.replace(/^quadlet-generator\[\d+\]: /, '').trim()).filter((l) => l !== '' && !l.startsWith('Loading source unit file') && !l.startsWith('Warning'));
  return missing.map((f) => {
    const path = posix.join(step.quadletDir, f.file);
    const about = lines.filter((l) => l.includes(f.file));
    const why = (about.length > 0 ? about : lines).join('\n') || 'the generator printed no reason (is podman with Quadlet installed?)';
    return diagnostic(applyCodes.quadletRejected, `podman's Quadlet generator made no \`${f.unit}\` of \`${path}\`:\n${why}`, [{ span: { file: path, start: 0, end: 0 } }], {
      help: 'the installed podman does not take this file as written (an unknown key or value): convert with --podman-version set to the installed podman, or with --format units',
    });
  });
}
