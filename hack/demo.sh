#!/usr/bin/env bash
# One command from a fresh machine: (build and) start the local control plane unless $KUBECONFIG names a cluster,
# run the operator, apply a sample (default: the WorkflowExecution E2E environment), wait for Ready the way CI does,
# and show what the operator reports. The operator stops at the end; the cluster keeps running (make cluster-down).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SAMPLE=${1:-samples/workflowexecution-e2e.yaml}
NS=${DEMO_NAMESPACE:-kubernaut-system}
if [[ -z "${KUBECONFIG:-}" ]]; then
  eval "$(hack/cluster/up.sh | tail -1)"
fi
export KUBECONFIG
KUBECTL=$(hack/cluster/build.sh 2>/dev/null | tail -1)/kubectl
mkdir -p target
echo "== building the operator" >&2
mvn -B -q package -DskipTests >&2
hack/run.sh > target/demo-operator.log 2>&1 &
OPERATOR=$!
trap 'kill $OPERATOR 2>/dev/null; wait $OPERATOR 2>/dev/null || true' EXIT
echo "== starting the operator (log: target/demo-operator.log)" >&2
for _ in $(seq 1 240); do
  grep -q "controller started" target/demo-operator.log 2>/dev/null && break
  kill -0 $OPERATOR 2>/dev/null || { cat target/demo-operator.log >&2; exit 1; }
  sleep 0.5
done
"$KUBECTL" create namespace "$NS" --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
echo "== kubectl apply -n $NS -f $SAMPLE" >&2
start=$EPOCHREALTIME
"$KUBECTL" apply -n "$NS" -f "$SAMPLE"
NAME=$("$KUBECTL" get -n "$NS" -f "$SAMPLE" -o jsonpath='{range .items[?(@.kind=="E2EEnvironment")]}{.metadata.name}{end}')
echo "== kubectl wait --for=condition=Ready e2eenvironment/$NAME" >&2
if ! "$KUBECTL" wait -n "$NS" --for=condition=Ready "e2eenvironment/$NAME" --timeout=${DEMO_TIMEOUT:-5m}; then
  echo "not Ready in time; operator log: target/demo-operator.log" >&2
  "$KUBECTL" get -n "$NS" e2eenvironment "$NAME" -o yaml >&2
  exit 1
fi
echo "== Ready $(python3 -c "print(round($EPOCHREALTIME - $start, 1))")s after kubectl apply" >&2
"$KUBECTL" get -n "$NS" e2eenvironments
echo
{ echo -e "COMPONENT\tPHASE\tSTARTED\tREADY\tSECONDS"; "$KUBECTL" get -n "$NS" e2eenvironment "$NAME" -o jsonpath='{range .status.components[*]}{.name}{"\t"}{.phase}{"\t"}{.startedAt}{"\t"}{.readyAt}{"\t"}{.durationSeconds}{"\n"}{end}'; } | column -t -s $'\t' 
echo
"$KUBECTL" get -n "$NS" e2eenvironment "$NAME" -o jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}' | column -t -s $'\t'
echo
"$KUBECTL" get events -n "$NS" --field-selector involvedObject.name="$NAME" --sort-by=.lastTimestamp | tail -20
