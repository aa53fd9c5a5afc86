# Entry points. Every target works on a fresh machine; binaries and caches live outside the repo.
SHELL := /bin/bash
.PHONY: build test cluster-up cluster-down run bench
build:
	mvn -B -q package -DskipTests

# Local control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok); see hack/cluster/README.md.
cluster-up:
	@hack/cluster/up.sh

cluster-down:
	@hack/cluster/down.sh
