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

if [[ "$NAME" == e2e-operator ]]; then KUBECONFIG_OUT="$ROOT/target/cluster/kubeconfig"; else KUBECONFIG_OUT="$ROOT/target/cluster/kubeconfig-$NAME"; fi
if [[ ${1:-} != --keep-lock ]]; then  # up.sh calls us while holding the lock
  mkdir -p "$CACHE/clusters"
  exec 9>"$CACHE/.cluster-$NAME.lock"
  flock 9
fi

if [[ ! -d "$WORK" ]]; then
  log "cluster $NAME is not present"
  rm -f "$KUBECONFIG_OUT"
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
  # (--kubeconfig: the file to drop the cluster's context from; must not be empty, and must not be ~/.kube/config)
  PATH="$BIN:$PATH" "$BIN/kwokctl" --v=WARN delete cluster --name "$NAME" --kubeconfig "$WORK/kubeconfig.yaml" >&2 ||
    log "kwokctl delete cluster failed; cleaning up by hand"
fi

# kwokctl SIGKILLs the components; make sure each one is really gone (zombies awaiting reaping do not count).
alive() {
  local p out=()
  for p in "${pids[@]}"; do
    [[ -r /proc/$p/stat ]] && [[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) != Z ]] && out+=("$p")
  done
  echo "${out[@]:-}"
}
wait_gone() { # tenths of a second
  local i
  for ((i = 0; i < $1; i++)); do [[ -z $(alive) ]] && return 0; sleep 0.1; done
  return 1
}
if ! wait_gone 30; then
  left=$(alive)
  log "terminating leftover processes: $left"
  kill $left 2>/dev/null || true
  if ! wait_gone 30; then kill -9 $(alive) 2>/dev/null || true; wait_gone 50 || true; fi
fi
rm -rf "$WORK"
rm -f "$KUBECONFIG_OUT"
left=$(alive)
if [[ -n $left ]]; then log "processes still alive: $left"; exit 1; fi
# Killed components linger as zombies until init reaps them (here about 1-2s); wait for that too, briefly.
for _ in $(seq 100); do
  zombies=0
  for p in "${pids[@]}"; do [[ -e /proc/$p ]] && zombies=$((zombies + 1)); done
  ((zombies == 0)) && break
  sleep 0.1
done
((zombies == 0)) || log "$zombies exited component(s) not yet reaped by init"
log "cluster $NAME deleted"
