// Offline verification of the shop's Kubernetes and Istio manifests.
export { renderKustomization, parseManifests } from './render.js';
export { checkManifests } from './check.js';
export { RULES, rules, type Rule } from './rules/index.js';
export { SHOP_PLATFORM, type Platform } from './platform.js';
export type { K8sObject } from './objects.js';
export { OVERLAYS, repoRoot } from './overlays.js';
export { createCodeAgreement, POD_REQUIRED_VARIABLES, type CodeAgreement, type AgreementOptions } from './code/agreement.js';
export { SERVICES, requiredVariables, type ShopService } from './code/bundles.js';
