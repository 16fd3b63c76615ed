import type { K8sObject } from '../objects.js';
import type { Platform } from '../platform.js';

/** A cross-reference rule: every message names the object and the field at fault. */
export interface Rule {
  name: string;
  check(objects: readonly K8sObject[], platform: Platform): string[];
}
