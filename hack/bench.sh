#!/usr/bin/env bash
# The benchmark (BENCHMARKS.md): `make bench` (full, < 30 min) or `make bench QUICK=1` (a few minutes).
#
# 1. builds the operator (mvn package) and copies target/quarkus-app to target/bench/operator-app, so that a rebuild
#    by someone else during the run cannot change the operator under measurement;
# 2. starts (or reuses) the benchmark's own local control plane, cluster "e2e-bench" (not the tests' e2e-operator:
#    the benchmark needs the API server's audit log, adds fake nodes and puts hundreds of environments on it), from a
#    private copy of hack/cluster so that the tests' target/cluster/kubeconfig is left alone;
# 3. installs the CRD and runs the benchmark (src/test/java/ai/kubernaut/e2e/bench, JUnit tag "bench"), which starts
#    the operator as a separate process (java -jar) and writes target/bench/results.{json,md}, timeline.svg, scale.svg;
# 4. stops the cluster again if it started it (BENCH_KEEP_CLUSTER=1 keeps it).
#
# Environment: QUICK=1; BENCH_OUT (default target/bench); BENCH_CLUSTER_NAME (default e2e-bench); MVN; and the
# benchmark's own knobs (BenchSettings.java): BENCH_DIVISOR, BENCH_OPERATOR_RUNS, BENCH_BASELINE_RUNS, BENCH_SCALE,
# BENCH_STEADY_SECONDS, BENCH_CALIBRATION_ROUNDS, BENCH_OPERATOR_JAVA_OPTS, BENCH_OPERATOR_ENV ("K=V ..."),
# BENCH_DIAGNOSE=1 (jcmd heap/native memory after provisioning), BENCH_ENFORCE=1 (fail on missed targets).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MVN=${MVN:-mvn -B}
QUICK=${QUICK:-0}
OUT=${BENCH_OUT:-$ROOT/target/bench}
NAME=${BENCH_CLUSTER_NAME:-e2e-bench}
CACHE=${E2E_CACHE_DIR:-$HOME/.cache/e2e-operator}
WORK="$CACHE/clusters/$NAME"
# The operator as deploy/operator.yaml runs it: a 512Mi memory limit and its JAVA_OPTS_APPEND. Outside a
# container, MaxRAM stands in for the limit (heap, GC choice and thread sizing follow from it).
export BENCH_OPERATOR_JAVA_OPTS=${BENCH_OPERATOR_JAVA_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=48m}

log() { echo "[bench.sh] $*" >&2; }
t0=$SECONDS

log "building the operator"
$MVN -q package -DskipTests
mkdir -p "$OUT"
rm -rf "$OUT/operator-app" "$OUT/cluster"
cp -r target/quarkus-app "$OUT/operator-app"

# Private copy of the cluster scripts: up.sh writes <its root>/target/cluster/kubeconfig whatever the cluster name.
SCRIPTS="$OUT/cluster/hack/cluster"
mkdir -p "$SCRIPTS"
cp -r hack/cluster/. "$SCRIPTS/"
cat >"$OUT/audit-policy.yaml" <<'EOF'
# Metadata of every request, one line each (at ResponseComplete): the benchmark counts the operator's requests.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
- level: None
  users: ["system:apiserver"]
- level: None
  nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
- level: Metadata
EOF
export E2E_CLUSTER_NAME="$NAME"
export KWOK_KUBE_AUDIT_POLICY="$OUT/audit-policy.yaml"   # kwokctl's --kube-audit-policy
if [[ -d $WORK && ! -f $WORK/logs/audit.log ]]; then
  log "cluster $NAME runs without an audit log; recreating it"
  "$SCRIPTS/down.sh"
fi
up=$("$SCRIPTS/up.sh")
started=0
grep -q "^# cluster $NAME: started" <<<"$up" && started=1
KUBECONFIG=$(tail -n 1 <<<"$up" | sed 's/^export KUBECONFIG=//')
stop_cluster() {
  if [[ $started == 1 && ${BENCH_KEEP_CLUSTER:-0} != 1 ]]; then
    "$SCRIPTS/down.sh" || true
  elif [[ $started == 1 ]]; then
    log "cluster $NAME keeps running (BENCH_KEEP_CLUSTER=1); stop it with E2E_CLUSTER_NAME=$NAME hack/cluster/down.sh"
  fi
}
trap stop_cluster EXIT

KUBECTL="$("$SCRIPTS/build.sh" 2>/dev/null | tail -n 1)/kubectl"
"$KUBECTL" --kubeconfig "$KUBECONFIG" apply --server-side --force-conflicts --field-manager=e2e-bench -f crds/ >&2
"$KUBECTL" --kubeconfig "$KUBECONFIG" wait --for=condition=Established crd/e2eenvironments.e2e.kubernaut.ai \
  --timeout=60s >&2

log "running the benchmark ($([[ $QUICK == 1 ]] && echo quick || echo full) mode) against cluster $NAME"
E2E_BENCH=1 BENCH_QUICK="$QUICK" BENCH_KUBECONFIG="$KUBECONFIG" BENCH_AUDIT_LOG="$WORK/logs/audit.log" \
  BENCH_CLUSTER_DIR="$WORK" BENCH_OPERATOR_JAR="$OUT/operator-app/quarkus-run.jar" BENCH_OUT="$OUT" \
  BENCH_PROJECT_DIR="$ROOT" \
  $MVN -q surefire:test -Dtest.groups=bench -Dtest.excludedGroups= -Dtest=BenchmarkTest \
  -Dsurefire.failIfNoSpecifiedTests=false
log "done in $((SECONDS - t0))s: $OUT/results.json, results.md, timeline.svg, scale.svg"
