import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { readPins, REPO_ROOT } from './pins.js';

export interface Binaries {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kubectl: string;
  kwok: string;
  istioctl: string;
  helm: string;
}

/** The cache bin/provide-binaries.sh fills: SHOP_CONTROL_PLANE_CACHE, else <repo>/.cache/control-plane. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHOP_CONTROL_PLANE_CACHE ?? join(REPO_ROOT, '.cache', 'control-plane');
}

/** Where each pinned binary is; throws, naming the missing ones and the command that provides them. */
export function findBinaries(cache = cacheDir()): Binaries {
  const p = readPins();
  const k8s = join(cache, `kubernetes-${p.KUBERNETES_VERSION}`);
  const found: Binaries = {
    etcd: join(cache, `etcd-${p.ETCD_VERSION}`, 'etcd'),
    kubeApiserver: join(k8s, 'kube-apiserver'),
    kubeControllerManager: join(k8s, 'kube-controller-manager'),
    kubeScheduler: join(k8s, 'kube-scheduler'),
    kubectl: join(k8s, 'kubectl'),
    kwok: join(cache, `kwok-${p.KWOK_VERSION}`, 'kwok'),
    istioctl: join(cache, `istioctl-${p.ISTIO_MODULE_VERSION}`, 'istioctl'),
    helm: join(cache, `helm-layer-${p.KUBECTL_LAYER_VERSION}`, 'helm'),
  };
  const missing = Object.values(found).filter((f: string) => {
    try {
      accessSync(f, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `control-plane binaries missing: ${missing.join(', ')}. Run \`pnpm --filter @shop/control-plane provide\` (cache: ${cache}; set SHOP_CONTROL_PLANE_CACHE to move it).`,
    );
  }
  return found;
}
