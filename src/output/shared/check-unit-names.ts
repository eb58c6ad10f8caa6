// Stage 10, output (both systemd formats): every generated file and unit name must be valid, and two things
// must never get the same one. Reports C703.
import type { ComposeProject } from '../../model/types.js';
import { planCodes } from '../../plan/codes.js';
import { serviceUnit } from '../../plan/unit-names.js';
import type { Pointer } from '../../source/origins.js';
import { checkUnitName } from '../../systemd/unit-name.js';
import type { OutputContext } from './output-context.js';

/** `names`: the unit (or Quadlet file) names of one install location. */
export function checkUnitNames(ctx: OutputContext, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const check = checkUnitName(name);
    if (!check.ok) ctx.report(planCodes.unitNameProblem, `cannot name a unit \`${name}\`: ${check.reason}`, undefined, { help: 'shorten the project, service, network or volume name' });
    if (seen.has(name)) {
      ctx.report(planCodes.unitNameProblem, `two units would be named \`${name}\``, ownerPointer(ctx.project, name), {
        atKey: true,
        note: `a service \`X-image\`, \`X-build\`, \`X-network\`, \`X-volume\` or \`pod\` clashes with the units compose2systemd writes for images, networks, volumes and the pod`,
        help: 'rename the service',
      });
    }
    seen.add(name);
  }
}

/** The service whose unit has this name (the clash is reported there). */
function ownerPointer(project: ComposeProject, unit: string): Pointer | undefined {
  for (const s of project.services.values()) {
    if (unit === serviceUnit(project.name, s.name, false) || unit === serviceUnit(project.name, s.name, true)) return s.pointer;
  }
  return undefined;
}
