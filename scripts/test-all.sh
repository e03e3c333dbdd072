#!/usr/bin/env bash
# The whole test suite, as `./cdn test` and CI run it: every module's tests (unit, wire, real-database and
# end-to-end), the Terraform checks, then a smoke test of the quick start itself (`./cdn up --demo` on spare
# ports).
#
# --faults runs only the fault suite: the tests tagged `fault` (JUnit @Tag) in every module, the faults injected on
# loopback sockets with bounded times (docs/testing.md, "Fault tests").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

faults=0
for arg in "$@"; do
  case "$arg" in
    --faults) faults=1 ;;
    *) echo "test-all: unknown option '$arg' (only --faults)" >&2; exit 2 ;;
  esac
done

if [[ $faults -eq 1 ]]; then
  echo "== Maven: the fault suite (tests tagged 'fault' in every module)"
  mvn -B --no-transfer-progress -Dstyle.color=never -Dgroups=fault verify
  echo "== Fault suite passed"
  exit 0
fi

echo "== Maven: build and test every module"
mvn -B --no-transfer-progress -Dstyle.color=never verify

echo "== Terraform: fmt, validate and plan tests of infra/terraform (mock providers, no cloud access)"
"$ROOT/scripts/test-terraform.sh"
"$ROOT/scripts/tests/test-terraform-ci.sh"
"$ROOT/scripts/tests/test-mint-pop-tokens.sh"

echo "== Kubernetes: every overlay of infra/kubernetes rendered (kubectl kustomize) and checked against the contract"
"$ROOT/scripts/tests/test-kubernetes.sh"

echo "== Quick start: ./cdn up --demo, through the edge, purge, down"
"$ROOT/scripts/smoke-up.sh"

echo "== All tests passed"
