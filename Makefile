# Entry points. Every target works on a fresh machine; binaries and caches live outside the repo.
SHELL := /bin/bash
.PHONY: build crds test test-unit cluster-up cluster-down run demo bench

MVN ?= mvn -B
CRD := e2eenvironments.e2e.kubernaut.ai-v1.yml

build:
	$(MVN) -q package -DskipTests

# Regenerate crds/ from the Java types (the build fails while crds/ is stale).
crds: build
	cp target/kubernetes/$(CRD) crds/$(CRD)

# Everything: unit tests, SQL tests on a real PostgreSQL, cluster tests on the local control plane, CRD sync check.
test:
	$(MVN) verify

# Only the tests that need neither a cluster nor PostgreSQL.
test-unit:
	$(MVN) test -Dtest.excludedGroups=cluster,sql,bench

# Runs the operator in the foreground against $$KUBECONFIG; without one, starts the local control plane first.
run:
	@hack/run.sh

# The README's first command: local control plane, operator, the WorkflowExecution sample to Ready, its status.
demo:
	@hack/demo.sh $(SAMPLE)

# Local control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok); see hack/cluster/README.md.
cluster-up:
	@hack/cluster/up.sh

cluster-down:
	@hack/cluster/down.sh

# Benchmark: the operator vs. the sequential and phase-barrier strategies vs. the critical path, and N environments at
# once, on the benchmark's own local control plane (BENCHMARKS.md). QUICK=1: a few minutes. Results: target/bench/.
bench:
	@QUICK=$(QUICK) hack/bench.sh
