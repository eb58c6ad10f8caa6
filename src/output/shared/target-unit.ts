// Stage 10, output (both systemd formats): the project's target `P.target`, one handle to start, stop and enable the whole project.
// Codes: none.
import type { UnitFile } from '../../systemd/unit-file.js';
import type { OutputContext } from './output-context.js';
import { targetUnit } from '../../plan/unit-names.js';

/** `wants`: every service unit (template instances one by one), in start order. */
export function targetUnitFile(ctx: OutputContext, wants: readonly string[]): UnitFile {
  const name = targetUnit(ctx.project.name);
  const d = ctx.draft(name, ctx.header('the whole project'));
  d.text('Unit', 'Description', `compose project ${ctx.project.name}`, 'project name');
  // Wants=, not Requires=: one failing service must not stop the others, as with `docker compose up -d`.
  // Stopping or restarting the target reaches every unit through their PartOf=.
  for (const w of wants) d.set('Unit', 'Wants', w);
  // Only the target is enabled; it pulls in the services, which need no [Install] of their own.
  d.set('Install', 'WantedBy', ctx.options.scope === 'system' ? 'multi-user.target' : 'default.target');
  return d.build();
}
