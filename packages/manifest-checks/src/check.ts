import type { K8sObject } from './objects.js';
import { SHOP_PLATFORM, type Platform } from './platform.js';
import { RULES } from './rules/index.js';

/** Every rule of ours over one rendered overlay (schemas are the real API server's, in packages/control-plane). */
export function checkManifests(objects: readonly K8sObject[], platform: Platform = SHOP_PLATFORM): string[] {
  return RULES.flatMap((rule) => rule.check(objects, platform));
}
