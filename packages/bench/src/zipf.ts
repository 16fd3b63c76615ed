/**
 * Popularity as shoppers make it: item k (0-based rank) is picked with probability ∝ 1/(k+1)^s, from a
 * seeded generator, so every run picks the same sequence. s = 1 gives the classic long tail: on 30
 * items the first takes about a quarter of the picks; on 100,000 the first 1 % take over half.
 */
export function zipfPicker(items: number, s = 1, seed = 42): () => number {
  if (items < 1) throw new Error('zipf over no items');
  const cdf = new Float64Array(items);
  let total = 0;
  for (let k = 0; k < items; k++) cdf[k] = total += 1 / (k + 1) ** s;
  for (let k = 0; k < items; k++) cdf[k] = (cdf[k] as number) / total;
  let state = seed >>> 0;
  // mulberry32: small, fast, and good enough to draw popularity.
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = random();
    let lo = 0;
    let hi = items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
