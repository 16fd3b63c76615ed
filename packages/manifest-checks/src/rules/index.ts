import { podReferencesExist } from './config-references.js';
import { gatewayReferencesExist } from './gateways.js';
import { podsHardened } from './hardening.js';
import { meshHostsExist } from './mesh-hosts.js';
import { nodeHeapFitsMemory } from './node-heap.js';
import { podsLabelled } from './pod-labels.js';
import { portsNamed } from './port-names.js';
import { principalsExist } from './principals.js';
import { scalingTargetsExist } from './scaling.js';
import type { Rule } from './rule.js';
import { servicesSelectPods } from './services-select-pods.js';
import { subsetsMatchPods } from './subsets.js';
import { topologySpreadValid } from './topology-spread.js';
import { uniqueVirtualServiceHosts } from './unique-hosts.js';

export type { Rule } from './rule.js';

/** The cross-reference checks `istioctl analyze` would make, and a few more, by name. */
export const rules = {
  servicesSelectPods,
  meshHostsExist,
  subsetsMatchPods,
  gatewayReferencesExist,
  principalsExist,
  portsNamed,
  podsLabelled,
  uniqueVirtualServiceHosts,
  podReferencesExist,
  podsHardened,
  scalingTargetsExist,
  nodeHeapFitsMemory,
  topologySpreadValid,
} satisfies Record<string, Rule>;

export const RULES: readonly Rule[] = Object.values(rules);
