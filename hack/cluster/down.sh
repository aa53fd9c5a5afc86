#!/usr/bin/env bash
# Stops the local control plane started by up.sh and deletes its state (etcd data, certificates, logs), so the next
# up.sh starts from an empty cluster. Leaves no process and no listening port behind; safe to run when nothing runs.
# Environment: E2E_CACHE_DIR, E2E_CLUSTER_NAME (as up.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NAME=${E2E_CLUSTER_NAME:-e2e-operator}
CACHE=${E2E_CACHE_DIR:-$HOME/.cache/e2e-operator}
export KWOK_WORKDIR="$CACHE"
WORK="$KWOK_WORKDIR/clusters/$NAME"

log() { echo "[cluster-down] $*" >&2; }

if [[ ${1:-} != --keep-lock ]]; then  # up.sh calls us while holding the lock
  mkdir -p "$CACHE/clusters"
  exec 9>"$CACHE/clusters/.$NAME.lock"
  flock 9
fi

if [[ ! -d "$WORK" ]]; then
  log "cluster $NAME is not present"
  rm -f "$ROOT/target/cluster/kubeconfig"
  exit 0
fi

# Remember the component processes before kwokctl forgets them.
pids=()
for f in "$WORK"/pids/*.pid; do
  [[ -f "$f" ]] || continue
  p=$(cat "$f")
  # Only processes still running one of this cluster's binaries (pid files may be stale after a reboot).
  if [[ -r /proc/$p/cmdline ]] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -q -- "$WORK"; then
    pids+=("$p")
  fi
done

# up.sh records which binaries it used; never build anything just to stop.
BIN=$(cat "$WORK/e2e-bin-dir" 2>/dev/null || true)
if [[ -n $BIN && -x "$BIN/kwokctl" ]]; then
  PATH="$BIN:$PATH" "$BIN/kwokctl" delete cluster --name "$NAME" --kubeconfig "" >&2 ||
    log "kwokctl delete cluster failed; cleaning up by hand"
fi

# Whatever kwokctl did not stop: TERM, then KILL after 5s.
alive() { local p out=(); for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && out+=("$p"); done; echo "${out[@]:-}"; }
left=$(alive)
if [[ -n $left ]]; then
  log "terminating leftover processes: $left"
  kill $left 2>/dev/null || true
  for _ in $(seq 50); do left=$(alive); [[ -z $left ]] && break; sleep 0.1; done
  if [[ -n $left ]]; then kill -9 $left 2>/dev/null || true; sleep 0.2; fi
fi
rm -rf "$WORK"
rm -f "$ROOT/target/cluster/kubeconfig"
left=$(alive)
if [[ -n $left ]]; then log "processes still alive: $left"; exit 1; fi
log "cluster $NAME deleted"
