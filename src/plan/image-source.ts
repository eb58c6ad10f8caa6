// Stage 9, plan: a service -> where its image comes from: pulled per `pull_policy`, or built from `build:`
// (pure). Reports C708 (a build without an image name), C712 (pull_policy approximated), C716 (no image).
import type { Service } from '../model/types.js';
import { pointerJoin } from '../source/origins.js';
import { planCodes } from './codes.js';
import type { PlanContext } from './plan-context.js';
import type { ImageSource } from './plan.js';
import { builtImageName } from './unit-names.js';

const PULL_POLICIES: ReadonlyMap<string, 'missing' | 'always' | 'never'> = new Map([
  ['missing', 'missing'],
  ['if_not_present', 'missing'],
  ['always', 'always'],
  ['never', 'never'],
]);

export function imageSource(ctx: PlanContext, service: Service): ImageSource | undefined {
  const policyPointer = pointerJoin(service.pointer, 'pull_policy');
  const policy = service.pullPolicy ?? 'missing';
  if (service.build) {
    let ref = service.image;
    if (ref === undefined) {
      ref = builtImageName(ctx.project.name, service.name);
      ctx.report(planCodes.buildWithoutImage, `service \`${service.name}\` builds an image without naming it; it is tagged \`${ref}\``, service.build.pointer, {
        atKey: true,
        help: 'add `image: NAME` next to `build:` to choose the name',
      });
    }
    if (policy === 'always') {
      ctx.report(planCodes.pullPolicyApproximated, `with \`build:\`, \`pull_policy: always\` builds the image when it is missing instead of pulling it on every start`, policyPointer);
    }
    return { kind: 'build', ref, build: service.build, policy: policy === 'build' ? 'build' : 'missing' };
  }
  if (service.image === undefined) {
    ctx.report(planCodes.noImage, `service \`${service.name}\` has neither \`image\` nor \`build\``, service.pointer, {
      atKey: true,
      help: 'add `image:` (or `build:`) to the service',
    });
    return undefined;
  }
  const known = PULL_POLICIES.get(policy);
  if (known === undefined) {
    const why = policy === 'build' ? 'the service has no `build:` section' : /^(daily|weekly|every_)|^refresh$/.test(policy) ? 'a refresh schedule is not kept' : 'it is not a policy compose2systemd knows';
    ctx.report(planCodes.pullPolicyApproximated, `\`pull_policy: ${policy}\` is treated as \`missing\` (${why}): the image is pulled only when it is not present`, policyPointer);
  }
  return { kind: 'pull', ref: service.image, policy: known ?? 'missing' };
}
