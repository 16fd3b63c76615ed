import { podReferencesExist } from './config-references.js';
import { podsHardened } from './hardening.js';
import { meshBehaviourSafe } from './mesh-behaviour.js';
import { meshHostsExist } from './mesh-hosts.js';
import { nodeHeapFitsMemory } from './node-heap.js';
import { podsLabelled } from './pod-labels.js';
import { portsNamed } from './port-names.js';
import { principalsExist } from './principals.js';
import { routeTimeoutsCoverCalls } from './route-timeouts.js';
import type { Rule } from './rule.js';
import { serviceTargetPortsExist } from './target-ports.js';

export type { Rule } from './rule.js';

/**
 * Our own rules, by name: only what no real component judges. What the API server, the
 * controllers, the scheduler or istioctl analyze catch is left to packages/control-plane.
 */
export const rules = {
  serviceTargetPortsExist,
  meshHostsExist,
  meshBehaviourSafe,
  routeTimeoutsCoverCalls,
  principalsExist,
  portsNamed,
  podsLabelled,
  podReferencesExist,
  podsHardened,
  nodeHeapFitsMemory,
} satisfies Record<string, Rule>;

export const RULES: readonly Rule[] = Object.values(rules);
