#!/usr/bin/env bash
# The whole test suite, as `./cdn test` and CI run it: every module's tests (unit, wire, real-database and
# end-to-end), the Terraform checks, then a smoke test of the quick start itself (`./cdn up --demo` on spare
# ports).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

echo "== Maven: build and test every module"
mvn -B --no-transfer-progress -Dstyle.color=never verify

echo "== Terraform: fmt, validate and plan tests of infra/terraform (mock providers, no cloud access)"
"$ROOT/scripts/test-terraform.sh"

echo "== Quick start: ./cdn up --demo, through the edge, purge, down"
"$ROOT/scripts/smoke-up.sh"

echo "== All tests passed"
