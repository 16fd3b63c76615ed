import type { Allowed } from './istioctl.js';

// Every istioctl analyze warning or error our manifests are allowed to raise, each with why.
// Anything not here fails the control-plane tests.
export const ANALYZE_ALLOWED: readonly Allowed[] = [];
