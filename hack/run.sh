#!/usr/bin/env bash
# Runs the operator in the foreground against the cluster in $KUBECONFIG. With no KUBECONFIG (and no
# ~/.kube/config), starts the local control plane first. Installs the CRD from crds/ (server-side apply).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ -z "${KUBECONFIG:-}" && ! -f "$HOME/.kube/config" ]]; then
  echo "no KUBECONFIG: starting the local control plane" >&2
  eval "$(hack/cluster/up.sh | tail -1)"
fi
KUBECTL=${KUBECTL:-$(hack/cluster/build.sh 2>/dev/null | tail -1)/kubectl}
"$KUBECTL" apply --server-side --force-conflicts --field-manager=e2e-environment-operator -f crds/ >&2
"$KUBECTL" wait --for=condition=Established crd/e2eenvironments.e2e.kubernaut.ai --timeout=60s >&2
if [[ ! -f target/quarkus-app/quarkus-run.jar || -n "$(find src pom.xml -newer target/quarkus-app/quarkus-run.jar -print -quit)" ]]; then
  mvn -B -q package -DskipTests >&2
fi
echo "operator running against $(${KUBECTL} config view --minify -o jsonpath='{.clusters[0].cluster.server}'); Ctrl-C stops it" >&2
exec java ${JAVA_OPTS:-} -Dkubeconfig="${KUBECONFIG:-$HOME/.kube/config}" -jar target/quarkus-app/quarkus-run.jar
