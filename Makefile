# Entry points. Every target works on a fresh machine; binaries and caches live outside the repo.
SHELL := /bin/bash
.PHONY: build test cluster-up cluster-down run bench
build:
	mvn -B -q package -DskipTests
