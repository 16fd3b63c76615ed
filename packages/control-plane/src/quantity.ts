// Kubernetes resource quantities ("100m", "1.5", "512Mi", "1G", "2e3") as plain numbers.
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?\d*\.?\d+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(q.trim());
  const factor = m ? SUFFIX[m[2] ?? ''] : undefined;
  if (!m || factor === undefined) throw new Error(`not a Kubernetes quantity: ${q}`);
  return Number(m[1]) * factor;
}

export const formatCpu = (cores: number): string => `${Math.round(cores * 1000)}m`;
export const formatMemory = (bytes: number): string => `${Math.round(bytes / 2 ** 20)}Mi`;
