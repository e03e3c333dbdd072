#!/usr/bin/env bash
# Checks of scripts/test-terraform.sh itself: where the Terraform checks cannot run (no terraform on PATH, no
# provider mirror), a developer's run says so and goes on (exit 0), but a CI run (CI=true) fails, so CI can never
# pass without having checked infra/terraform.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPT="$ROOT/scripts/test-terraform.sh"

# A PATH holding bash and the basic tools but no terraform.
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
for tool in bash env dirname cat sed grep find head mktemp rm; do
  ln -s "$(command -v "$tool")" "$bin/$tool"
done

failed=0
expect() { # expect WANT_RC DESCRIPTION -- COMMAND...
  local want="$1" what="$2"; shift 3
  out="$("$@" 2>&1)"; rc=$?
  if [[ "$want" == 0 && "$rc" == 0 || "$want" != 0 && "$rc" != 0 ]]; then
    echo "  ok    $what (exit $rc)"
  else
    echo "  FAIL  $what: exit $rc, wanted $([[ $want == 0 ]] && echo 0 || echo 'non-zero')"; echo "$out" | sed 's/^/        /'
    failed=$((failed + 1))
  fi
}

expect 0 "no terraform, developer run: skipped" -- env -i PATH="$bin" "$bin/bash" "$SCRIPT"
expect 1 "no terraform, CI=true: fails" -- env -i PATH="$bin" CI=true "$bin/bash" "$SCRIPT"
expect 1 "no provider mirror, CI=true: fails" -- env -i PATH="$bin:$(dirname "$(command -v terraform 2>/dev/null || echo /nonexistent/terraform)")" \
  CI=true CDN_TF_PLUGIN_DIR=/nonexistent "$bin/bash" "$SCRIPT"

[[ "$failed" == 0 ]] && echo "test-terraform-ci: all passed" || { echo "test-terraform-ci: $failed failed"; exit 1; }
