#!/usr/bin/env bash
# Shows the processes of the local control plane: pid, resident memory and listening ports per component.
# Exit code 0 when all components run, 1 otherwise. Environment: E2E_CACHE_DIR, E2E_CLUSTER_NAME (as up.sh).
set -euo pipefail
NAME=${E2E_CLUSTER_NAME:-e2e-operator}
CACHE=${E2E_CACHE_DIR:-$HOME/.cache/e2e-operator}
WORK="$CACHE/clusters/$NAME"

if [[ ! -d "$WORK/pids" ]]; then
  echo "cluster $NAME: not present ($WORK)"
  exit 1
fi
status=0 total=0
printf '%-24s %8s %10s  %s\n' COMPONENT PID RSS_MiB LISTENING
for f in "$WORK"/pids/*.pid; do
  [[ -f "$f" ]] || continue
  c=$(basename "$f" .pid) p=$(cat "$f")
  if [[ -r /proc/$p/status ]]; then
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status")
    total=$((total + rss))
    ports=$(ss -Hltnp 2>/dev/null | awk -v p="pid=$p," 'index($0, p) {print $4}' | sort -u | paste -sd' ' -)
    printf '%-24s %8s %10.0f  %s\n' "$c" "$p" "$((rss / 1024))" "$ports"
  else
    printf '%-24s %8s %10s  %s\n' "$c" "$p" - "NOT RUNNING"
    status=1
  fi
done
printf '%-24s %8s %10.0f\n' total "" "$((total / 1024))"
exit $status
