#!/usr/bin/env bash
# The whole test suite, as `./cdn test` and CI run it: every module's tests (unit, wire, real-database and
# end-to-end), then a smoke test of the quick start itself (`./cdn up --demo` on spare ports).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

echo "== Maven: build and test every module"
mvn -B --no-transfer-progress -Dstyle.color=never verify

echo "== Quick start: ./cdn up --demo, through the edge, purge, down"
"$ROOT/scripts/smoke-up.sh"

echo "== All tests passed"
