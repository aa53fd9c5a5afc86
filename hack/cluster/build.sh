#!/usr/bin/env bash
# Builds (once) the pinned control-plane binaries from the Go module proxy and caches them by version
# outside the repository. A second run only checks that the files exist. Prints the bin directory last.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${E2E_CACHE_DIR:-$HOME/.cache/e2e-operator}

modver() { awk -v m="$2" '$1==m || ($1=="require" && $2==m) {for(i=1;i<=NF;i++) if ($i ~ /^v[0-9]/) {print $i; exit}}' "$HERE/$1/go.mod"; }
K8S=$(modver k8s k8s.io/kubernetes)
ETCD=$(modver etcd go.etcd.io/etcd/server/v3)
KWOK=$(modver kwok sigs.k8s.io/kwok)
BIN="$CACHE/bin/k8s-$K8S-etcd-$ETCD-kwok-$KWOK"
mkdir -p "$BIN"

minor=${K8S#v1.}; minor=${minor%%.*}
LDK8S="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDK8S="$LDK8S -X $p.gitVersion=$K8S -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
done

build() { # module-dir binary-name package ldflags
  local mod=$1 name=$2 pkg=$3 ld=$4
  if [[ -x "$BIN/$name" ]]; then echo "cached  $name" >&2; return; fi
  echo "build   $name ($pkg) ... first time takes minutes" >&2
  local t0=$SECONDS
  (cd "$HERE/$mod" && CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$BIN/.$name.tmp" "$pkg")
  mv "$BIN/.$name.tmp" "$BIN/$name"
  echo "built   $name in $((SECONDS - t0))s" >&2
}

build etcd etcd go.etcd.io/etcd/server/v3 "-s -w"
build kwok kwok sigs.k8s.io/kwok/cmd/kwok "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK"
build kwok kwokctl sigs.k8s.io/kwok/cmd/kwokctl "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK"
build k8s kubectl k8s.io/kubernetes/cmd/kubectl "$LDK8S"
build k8s kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$LDK8S"
build k8s kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$LDK8S"
build k8s kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "$LDK8S"
echo "$BIN"
