import { serviceOfImage } from '../code/services.js';
import { resolveEnv } from '../code/pod-env.js';
import { finding, podTemplates } from '../objects.js';
import type { Rule } from './rule.js';

/**
 * Old space is not all of Node's memory: the young generation, code, stacks and native buffers sit
 * beside it, so a heap cap above this share of the limit still lets the pod be OOM-killed.
 */
export const MAX_HEAP_SHARE = 0.75;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A memory quantity (`320Mi`, `1G`, `268435456`, `2e8`) in bytes; undefined when unreadable. */
export function memoryBytes(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim());
  if (!match?.[1]) return undefined;
  const unit = match[2];
  return Number(match[1]) * (unit ? (BINARY[unit] ?? DECIMAL[unit] ?? 1) : 1);
}

/** `--max-old-space-size` in MiB from a NODE_OPTIONS value (Node accepts `-`/`_` and `=`/space). */
export function maxOldSpaceMiB(nodeOptions: string): number | undefined {
  const match = /--max[-_]old[-_]space[-_]size[= ](\d+)/.exec(nodeOptions);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** Each shop service caps its V8 heap with NODE_OPTIONS, and the cap leaves room under the memory limit. */
export const nodeHeapFitsMemory: Rule = {
  name: "every service's Node heap cap fits its memory limit",
  check(objects) {
    const messages: string[] = [];
    for (const pod of podTemplates(objects)) {
      pod.spec.containers.forEach((container, i) => {
        const base = `spec.template.spec.containers[${i}]`;
        const options = resolveEnv(objects, pod, container).values.get('NODE_OPTIONS');
        const heapMiB = options === undefined ? undefined : maxOldSpaceMiB(options);
        if (heapMiB === undefined) {
          if (serviceOfImage(container.image)) messages.push(finding(pod.owner, `${base}.env`, 'NODE_OPTIONS does not set --max-old-space-size (V8 would grow past the memory limit)'));
          return;
        }
        const limit = (container.resources as { limits?: { memory?: string | number } } | undefined)?.limits?.memory;
        const limitBytes = limit === undefined ? undefined : memoryBytes(limit);
        if (limitBytes === undefined) {
          messages.push(finding(pod.owner, `${base}.resources.limits.memory`, `is not a readable quantity, yet NODE_OPTIONS caps the heap at ${heapMiB} MiB`));
          return;
        }
        const limitMiB = limitBytes / 2 ** 20;
        if (heapMiB > limitMiB * MAX_HEAP_SHARE) {
          messages.push(finding(pod.owner, `${base}.env`, `NODE_OPTIONS --max-old-space-size=${heapMiB} is above ${MAX_HEAP_SHARE * 100} % of the ${limit} memory limit (${Math.floor(limitMiB * MAX_HEAP_SHARE)} MiB)`));
        }
      });
    }
    return messages;
  },
};
