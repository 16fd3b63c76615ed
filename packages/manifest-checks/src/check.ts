import type { K8sObject } from './objects.js';
import { SHOP_PLATFORM, type Platform } from './platform.js';
import { RULES } from './rules/index.js';
import { validateObjects } from './schema/validate.js';

/** Schema validation plus every cross-reference rule over one rendered overlay. */
export function checkManifests(objects: readonly K8sObject[], platform: Platform = SHOP_PLATFORM): string[] {
  return [...validateObjects(objects), ...RULES.flatMap((rule) => rule.check(objects, platform))];
}
