export { findBinaries, cacheDir, type Binaries } from './binaries.js';
export { startCluster, type Cluster } from './cluster.js';
export { Kubectl, toYamlStream, type Manifest, type Result } from './kubectl.js';
export { installPlatform, addNodes, applyAll, injectSidecars, renderOverlay, type Platform } from './deploy.js';
export { waitForPlacement, footprint, formatFootprint, selectorProblems, podRequests, type Pod, type Placement } from './placement.js';
export { chartStandIns, databaseStandIns } from './stand-ins.js';
export { readPins, REPO_ROOT } from './pins.js';
