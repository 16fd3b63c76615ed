import { OVERLAYS, overlayPath } from '../../src/overlays.js';
import { renderKustomization } from '../../src/render.js';
import type { K8sObject } from '../../src/objects.js';

const rendered = new Map<string, Promise<K8sObject[]>>();

/** The rendered objects of an overlay (rendered once per test file). */
export function render(overlay: (typeof OVERLAYS)[number]): Promise<K8sObject[]> {
  let objects = rendered.get(overlay);
  if (!objects) {
    objects = renderKustomization(overlayPath(overlay));
    rendered.set(overlay, objects);
  }
  return objects;
}

/** A deep copy of the objects with one deliberate mistake made by `breakIt` on the named object. */
export async function brokenCopy(
  overlay: (typeof OVERLAYS)[number],
  kind: string,
  name: string,
  breakIt: (obj: Record<string, any>) => void, // eslint-disable-line @typescript-eslint/no-explicit-any -- a test pokes anywhere
): Promise<K8sObject[]> {
  const copy = structuredClone(await render(overlay));
  const target = copy.find((o) => o.kind === kind && o.metadata.name === name);
  if (!target) throw new Error(`no ${kind}/${name} in ${overlay}`);
  breakIt(target);
  return copy;
}
