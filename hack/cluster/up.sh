#!/usr/bin/env bash
# Starts (or reuses) the local control plane "e2e-operator": etcd + kube-apiserver + kube-controller-manager +
# kube-scheduler + kwok controller (fake kubelets), all as plain processes from binaries built by build.sh.
#
#   hack/cluster/up.sh            -> progress on stderr; last stdout line: export KUBECONFIG=<repo>/target/cluster/kubeconfig
#
# Idempotent: a running, healthy cluster created from the same configuration is reused (about a second); a broken
# or outdated one is deleted and created again. State lives outside the repository (E2E_CACHE_DIR, default
# ~/.cache/e2e-operator/clusters/<name>), so `mvn clean` never pulls the ground from under a running cluster.
# Environment: E2E_CACHE_DIR, E2E_CLUSTER_NAME (default e2e-operator), E2E_UP_TIMEOUT (seconds, default 120).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NAME=${E2E_CLUSTER_NAME:-e2e-operator}
CACHE=${E2E_CACHE_DIR:-$HOME/.cache/e2e-operator}
TIMEOUT=${E2E_UP_TIMEOUT:-120}
NODE=kwok-node-0

export KWOK_WORKDIR="$CACHE"          # kwokctl keeps clusters in $KWOK_WORKDIR/clusters/<name>
WORK="$KWOK_WORKDIR/clusters/$NAME"
OUT_DIR="$ROOT/target/cluster"
# One kubeconfig per cluster name, so clusters started from one checkout do not overwrite each other's.
if [[ "$NAME" == e2e-operator ]]; then OUT="$OUT_DIR/kubeconfig"; else OUT="$OUT_DIR/kubeconfig-$NAME"; fi
ADMIN_KUBECONFIG="$WORK/kubeconfig.yaml"
STAMP="$WORK/e2e-config.sha256"

log() { echo "[cluster-up] $*" >&2; }
t0=$(date +%s.%N)
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1fs", b - a }'; }

mkdir -p "$CACHE/clusters"
# One up/down at a time per cluster name (several JVMs or make targets may race).
exec 9>"$CACHE/.cluster-$NAME.lock"
flock 9

BIN=$("$HERE/build.sh" | tail -n 1)
t0=$(date +%s.%N)   # E2E_UP_TIMEOUT and the timings below leave out a first-time build
export PATH="$BIN:$PATH"          # kwokctl calls `kubectl` from PATH (and would download one otherwise)
for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok kwokctl kubectl; do
  [[ -x "$BIN/$b" ]] || { log "missing $BIN/$b"; exit 1; }
done
K8S_VERSION=$("$BIN/kube-apiserver" --version | awk '{print $2}')
export KWOK_KUBE_VERSION="$K8S_VERSION"   # kwokctl derives some flags from it

CREATE_ARGS=(
  --name "$NAME"
  --runtime binary
  --kubeconfig ""               # do not touch ~/.kube/config
  --etcd-binary "$BIN/etcd"
  --kube-apiserver-binary "$BIN/kube-apiserver"
  --kube-controller-manager-binary "$BIN/kube-controller-manager"
  --kube-scheduler-binary "$BIN/kube-scheduler"
  --kwok-controller-binary "$BIN/kwok"
  --wait 0s
)
CONFIGS=(-c "$HERE/kwokctl.yaml" -c "$HERE/kwok-stages.yaml")
config_hash() {
  { printf '%s\n' "$K8S_VERSION" "${CREATE_ARGS[@]}"; cat "$HERE/kwokctl.yaml" "$HERE/kwok-stages.yaml" "$HERE/kwok-node.yaml"; } |
    sha256sum | cut -d' ' -f1
}
HASH=$(config_hash)

kc() { kubectl --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }

# All components have a live pid (kwokctl records them in $WORK/pids) and the apiserver answers /readyz.
running() {
  [[ -f "$ADMIN_KUBECONFIG" && -d "$WORK/pids" ]] || return 1
  local n=0 f
  for f in "$WORK"/pids/*.pid; do
    [[ -f "$f" ]] || return 1
    kill -0 "$(cat "$f")" 2>/dev/null || return 1
    n=$((n + 1))
  done
  ((n >= 5)) || return 1
  kc --request-timeout=3s get --raw /readyz >/dev/null 2>&1
}

node_ready() {
  [[ $(kc get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

# Polls "$@" every 0.2s until it succeeds; fails after $TIMEOUT seconds overall.
wait_for() {
  local what=$1; shift
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) - ${t0%.*} > TIMEOUT)); then
      log "timed out after ${TIMEOUT}s waiting for $what; logs: $WORK/logs"
      return 1
    fi
    sleep 0.2
  done
  log "$what ($(elapsed))"
}

write_kubeconfig() {
  mkdir -p "$OUT_DIR"
  # Self-contained (certificates inlined), so the file works wherever it is copied.
  kc config view --raw --flatten --minify >"$OUT.tmp"
  mv "$OUT.tmp" "$OUT"
}

if [[ -d "$WORK" ]]; then
  if [[ -f "$STAMP" && $(cat "$STAMP") == "$HASH" ]] && running && node_ready; then
    write_kubeconfig
    log "reusing running cluster $NAME ($(elapsed))"
    echo "# cluster $NAME: reused"
    echo "export KUBECONFIG=$OUT"
    exit 0
  fi
  if [[ -f "$STAMP" && $(cat "$STAMP") != "$HASH" ]]; then
    log "cluster configuration changed; recreating $NAME"
  else
    log "cluster $NAME is stopped or unhealthy; recreating it"
  fi
  "$HERE/down.sh" --keep-lock >&2
fi

log "creating cluster $NAME (kubernetes $K8S_VERSION) in $WORK"
# kwokctl logs to stderr; keep our stdout clean for the export line.
# 9>&-: the components kwokctl forks must not inherit (and so hold forever) our lock.
if ! kwokctl "${CONFIGS[@]}" create cluster "${CREATE_ARGS[@]}" >&2 9>&-; then
  [[ -d "$WORK" ]] && echo "$BIN" >"$WORK/e2e-bin-dir"
  log "kwokctl create cluster failed; logs: $WORK/logs; clean up with hack/cluster/down.sh"
  exit 1
fi
echo "$BIN" >"$WORK/e2e-bin-dir"
echo "$HASH" >"$STAMP"

wait_for "apiserver ready" kc --request-timeout=3s get --raw /readyz
kc apply -f "$HERE/kwok-node.yaml" >/dev/null
wait_for "node $NODE ready" node_ready
wait_for "serviceaccount default/default present" kc get serviceaccount default -n default -o name
write_kubeconfig
log "cluster $NAME up in $(elapsed)"
echo "# cluster $NAME: started"
echo "export KUBECONFIG=$OUT"
