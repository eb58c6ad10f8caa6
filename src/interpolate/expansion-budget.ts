// How many characters interpolation may produce in one run, across every compose and env file: each value is
// capped by MAX_EXPANDED_LENGTH, and this caps their sum, so that `${A}` used a thousand times with a large A, or a
// .env whose lines each double the last, ends in C307 instead of exhausting memory. Reported once per run.
import { diagnostic } from '../diagnostics/code.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../source/span.js';
import { interpolateCodes } from './codes.js';
import { EXPANSION_HELP } from './template-diagnostics.js';

/** Characters all interpolated values of one run may add up to. */
export const MAX_EXPANDED_TOTAL = 16 * 1024 * 1024;

export class ExpansionBudget {
  private remaining = MAX_EXPANDED_TOTAL;
  private reported = false;

  /**
   * Takes an expanded value of `chars` characters. undefined: within the budget. Otherwise the value must not be
   * used: a diagnostic located at `span` the first time, `true` after.
   */
  take(chars: number, span: Span): Diagnostic | true | undefined {
    if (this.remaining >= chars && !this.reported) {
      this.remaining -= chars;
      return undefined;
    }
    if (this.reported) return true;
    this.reported = true;
    return diagnostic(interpolateCodes.expansionLimit, `the interpolated values of this run add up to more than ${MAX_EXPANDED_TOTAL} characters`, [{ span }], { help: EXPANSION_HELP });
  }
}
