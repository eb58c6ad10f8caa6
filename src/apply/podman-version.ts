// Stage 11, apply: the installed podman (through Host) -> the version `up` and `diff` plan for.
// Reports C810 (not readable, default used: reviews) and C811 (not readable: `up` stops).
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_PODMAN_VERSION } from '../podman/capabilities.js';
import { formatPodmanVersion, parsePodmanVersion } from '../podman/version.js';
import { applyCodes } from './codes.js';
import type { Host } from './host.js';

export const PODMAN_VERSION_ARGV = ['podman', 'version', '--format', '{{.Client.Version}}'] as const;

/** `4.3.1`, `5.4.0-dev`, `5.0.0-rc1` -> `4.3.1`, `5.4`, `5.0`; undefined for anything else. */
export function parseClientVersion(text: string): string | undefined {
  const m = /^\s*(\d+\.\d+(?:\.\d+)?)(?:[-+~][0-9A-Za-z.~+-]*)?\s*$/.exec(text);
  const v = m ? parsePodmanVersion(m[1]!) : undefined;
  return v ? formatPodmanVersion(v) : undefined;
}

export interface DetectedVersion {
  readonly version: string;
  /** True when podman answered; false when the default stands in. */
  readonly detected: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Asks podman. A review (`--dry-run`, `diff`) falls back on the default version with a warning, so it works
 * on a machine without podman; a real `up` stops instead, since units for a guessed version may not run.
 */
export async function detectPodmanVersion(host: Host, mode: 'review' | 'install'): Promise<DetectedVersion> {
  const result = await host.run(PODMAN_VERSION_ARGV);
  const version = result.code === 0 ? parseClientVersion(result.stdout) : undefined;
  if (version) return { version, detected: true, diagnostics: [] };
  const why = result.code === 127 ? 'podman was not found' : result.code !== 0 ? `\`podman version\` failed (exit code ${result.code})${firstLine(result.stderr)}` : `\`podman version\` printed ${JSON.stringify(result.stdout.trim())}`;
  if (mode === 'review') {
    return {
      version: DEFAULT_PODMAN_VERSION,
      detected: false,
      diagnostics: [
        diagnostic(applyCodes.podmanVersionGuessed, `${why}; planning for podman ${DEFAULT_PODMAN_VERSION}, the default`, [], {
          help: 'pass --podman-version X.Y to review the units for the podman of the machine you will run them on',
        }),
      ],
    };
  }
  return {
    version: DEFAULT_PODMAN_VERSION,
    detected: false,
    diagnostics: [
      diagnostic(applyCodes.podmanVersionUnknown, `${why}; cannot tell which podman the units must run on`, [], {
        help: 'install podman (the units run it), or pass --podman-version X.Y if `podman` is not on PATH here',
      }),
    ],
  };
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line === '' ? '' : `: ${line}`;
}
