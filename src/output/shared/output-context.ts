// Stage 10, output: what every output builder shares: the plan it spells, plus the planner's context
// (options, diagnostics collected so far, file headers, C702 for values a file cannot carry). Codes: none.
import { PlanContext } from '../../plan/plan-context.js';
import type { ProjectPlan } from '../../plan/plan.js';

export class OutputContext extends PlanContext {
  constructor(readonly plan: ProjectPlan) {
    super(plan.project, plan.options);
  }
}
