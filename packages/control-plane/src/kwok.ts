import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPins } from './pins.js';
import { goModuleDir } from './upstream.js';

// kwokctl's default behaviour: nodes become Ready and keep heartbeating, pods become Running
// (and Succeeded / deleted as their owners ask). kwok itself starts with no stages at all.
const STAGES = ['kustomize/stage/node/fast/node-initialize.yaml', 'kustomize/stage/node/heartbeat/node-heartbeat.yaml', 'kustomize/stage/pod/fast/pod-ready.yaml', 'kustomize/stage/pod/fast/pod-complete.yaml', 'kustomize/stage/pod/fast/pod-delete.yaml'];

/** kwok's own stage files, from its module at our pin, as one multi-document config. */
export async function kwokStagesYaml(): Promise<string> {
  const dir = await goModuleDir('sigs.k8s.io/kwok', readPins().KWOK_VERSION);
  return STAGES.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n---\n') + '\n';
}

export interface SimulatedNode {
  name: string;
  cpu: string;
  memory: string;
  zone?: string;
  pods?: number;
}

/** A Node object kwok manages: it has no kubelet, kwok reports it Ready and runs its pods. */
export function nodeManifest(n: SimulatedNode): Record<string, unknown> {
  const capacity = { cpu: n.cpu, memory: n.memory, pods: String(n.pods ?? 110), 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
        ...(n.zone ? { 'topology.kubernetes.io/zone': n.zone, 'topology.kubernetes.io/region': 'sim' } : {}),
      },
    },
    spec: {},
    status: { capacity, allocatable: capacity, nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: readPins().KUBERNETES_VERSION } },
  };
}
