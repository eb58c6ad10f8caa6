// Stage 11, apply: unit statuses over time -> live progress text. On a terminal, one line per unit,
// redrawn in place; otherwise one plain line each time a unit's state changes (readable in CI logs and the
// journal). Pure apart from the `write` callback. No codes.
import { classifyStatus, type UnitStatus } from './systemctl.js';

export interface ProgressView {
  update(statuses: readonly UnitStatus[]): void;
}

const TAGS = { pending: '....', active: ' ok ', exited: ' ok ', failed: 'FAIL' } as const;

/** `active (running)`, `activating (start-pre)`, `inactive (dead)`, or `not-found` for an unknown unit. */
export function stateText(s: UnitStatus): string {
  if (s.loadState !== '' && s.loadState !== 'loaded') return s.loadState;
  return s.subState === '' ? s.activeState : `${s.activeState} (${s.subState})`;
}

export function progressLine(s: UnitStatus, width: number): string {
  return `[${TAGS[classifyStatus(s)]}] ${s.unit.padEnd(width)}  ${stateText(s)}`;
}

export function createProgress(write: (text: string) => void, tty: boolean): ProgressView {
  let drawn = 0;
  const last = new Map<string, string>();
  return {
    update(statuses) {
      const width = Math.max(0, ...statuses.map((s) => s.unit.length));
      if (tty) {
        // Cursor up over the previous block, then rewrite each line (ESC[2K clears it first).
        const up = drawn > 0 ? `\x1b[${drawn}A` : '';
        write(up + statuses.map((s) => `\r\x1b[2K${progressLine(s, width)}\n`).join(''));
        drawn = statuses.length;
        return;
      }
      for (const s of statuses) {
        const text = stateText(s);
        if (last.get(s.unit) === text) continue;
        last.set(s.unit, text);
        write(`${s.unit}: ${text}\n`);
      }
    },
  };
}
