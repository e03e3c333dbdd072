#!/usr/bin/env bash
# Terraform checks of infra/terraform, offline: fmt, init + validate of every module and example, and the
# `terraform test` suites (mocked AWS provider, plans and mocked applies: nothing reaches AWS). The provider comes from a local
# filesystem mirror (a folder named tf-plugins). Where terraform or the mirror is missing, says so and exits 0
# so that the rest of a developer's suite still runs; under CI (CI=true, as CI services set it) it fails instead,
# so that a CI run can never pass without having checked infra/terraform (scripts/tests/test-terraform-ci.sh).
#
#   CDN_TF_PLUGIN_DIR=/path/to/tf-plugins   use this mirror instead of searching / for one
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_ROOT="$ROOT/infra/terraform"
CLI_CONFIG="$TF_ROOT/terraform.tfrc"
COMMITTED_MIRROR="/opt/tf-plugins"

skip() {
  if [[ "${CI:-}" == true ]]; then
    echo "terraform: FAILED: $* (CI=true: the Terraform checks must run in CI)" >&2
    exit 1
  fi
  echo "terraform: SKIPPED: $*"
  echo "terraform: the Terraform checks (fmt, validate, terraform test) did not run; the rest of the suite goes on."
  exit 0
}

command -v terraform >/dev/null 2>&1 || skip "terraform is not installed (not on PATH)"

mirror="${CDN_TF_PLUGIN_DIR:-}"
if [[ -z "$mirror" ]]; then
  mirror="$(find / -maxdepth 2 -type d -name tf-plugins 2>/dev/null | head -1)"
fi
[[ -n "$mirror" && -d "$mirror/registry.terraform.io/hashicorp/aws" ]] \
  || skip "no provider mirror found (a folder named tf-plugins holding registry.terraform.io/hashicorp/aws, searched at depth 2 under /; set CDN_TF_PLUGIN_DIR)"

work="$(mktemp -d)"
provider_pid=""
cleanup() {
  [[ -n "$provider_pid" ]] && kill "$provider_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The committed CLI config names the mirror where our machines have it; elsewhere use a copy naming the one found.
if [[ "$(cd "$mirror" && pwd -P)" != "$COMMITTED_MIRROR" ]]; then
  sed "s|\"$COMMITTED_MIRROR\"|\"$mirror\"|" "$CLI_CONFIG" > "$work/terraform.tfrc"
  CLI_CONFIG="$work/terraform.tfrc"
fi
export TF_CLI_CONFIG_FILE="$CLI_CONFIG" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
echo "terraform: $(terraform version | head -1), provider mirror $mirror"

# Speed: every terraform command (and every test run, for each provider configuration) would start the 700 MB
# AWS provider binary afresh, about 1.5 s of CPU each time. Start it once in debug mode and let every command
# attach to it (TF_REATTACH_PROVIDERS); it only serves schemas here, as the tests mock it. Without it the
# checks still run, just slower.
provider_bin="$(ls "$mirror"/registry.terraform.io/hashicorp/aws/*/linux_amd64/terraform-provider-aws_* 2>/dev/null | head -1)"
if [[ -x "$provider_bin" && -z "${CDN_TF_NO_REATTACH:-}" ]]; then
  "$provider_bin" -debug >"$work/provider.out" 2>&1 &
  provider_pid=$!
  reattach=""
  for _ in $(seq 1 60); do
    reattach="$(sed -nE "s/.*TF_REATTACH_PROVIDERS='([^']*)'.*/\1/p" "$work/provider.out" | head -1)"
    [[ -n "$reattach" ]] && break
    sleep 0.5
  done
  if [[ -n "$reattach" ]]; then
    export TF_REATTACH_PROVIDERS="$reattach"
  else
    echo "terraform: could not start a shared provider process; every command starts its own (slower)"
    kill "$provider_pid" 2>/dev/null; provider_pid=""
  fi
fi

passed=0
failed=0
check() { # check NAME -- records one static check's outcome
  if [[ "$1" == ok ]]; then passed=$((passed + 1)); echo "  ok    $2"; else failed=$((failed + 1)); echo "  FAIL  $2"; fi
}

echo "== terraform fmt -check -recursive"
if terraform fmt -check -recursive -diff "$TF_ROOT"; then check ok "fmt"; else check fail "fmt (run: terraform fmt -recursive infra/terraform)"; fi

roots=()
for dir in "$TF_ROOT"/modules/* "$TF_ROOT"/examples/*; do
  [[ -d "$dir" ]] && roots+=("$dir")
done

echo "== terraform init + validate"
initialised=()
for dir in "${roots[@]}"; do
  rel="${dir#"$ROOT"/}"
  # -lockfile=readonly: the committed .terraform.lock.hcl must already allow the mirrored provider.
  if (cd "$dir" && terraform init -backend=false -input=false -lockfile=readonly -no-color >"$work/init.log" 2>&1); then
    initialised+=("$dir")
    if (cd "$dir" && terraform validate -no-color >"$work/validate.log" 2>&1); then
      check ok "validate $rel"
    else
      cat "$work/validate.log"; check fail "validate $rel"
    fi
  else
    cat "$work/init.log"; check fail "init $rel"
  fi
done

echo "== terraform test (mocked provider, plans only; two suites at a time)"
# Each run instantiates the (large) AWS provider schema once per provider configuration: a run costs 1.5 to 2 s of
# CPU per provider. Two suites at a time fill two cores; more only thrash. The example (six providers) goes first.
names=()
test_pids=()
running() { local n=0 pid; for pid in "${test_pids[@]}"; do kill -0 "$pid" 2>/dev/null && n=$((n + 1)); done; echo "$n"; }
for dir in "$TF_ROOT"/examples/* "$TF_ROOT"/modules/*; do
  # Every root with tests runs them, provided its init worked (with a shared provider process, init creates no
  # .terraform folder where there is nothing to install, so that folder is no sign of anything).
  [[ -d "$dir/tests" ]] || continue
  [[ " ${initialised[*]} " == *" $dir "* ]] || continue
  name="$(echo "${dir#"$TF_ROOT"/}" | tr / _)"
  while (( $(running) >= ${CDN_TF_TEST_JOBS:-2} )); do sleep 0.2; done
  (cd "$dir" && terraform test -no-color >"$work/test-$name.log" 2>&1; echo $? >"$work/test-$name.rc") &
  test_pids+=("$!")
  names+=("$name")
done
for pid in "${test_pids[@]}"; do wait "$pid"; done

for name in "${names[@]}"; do
  log="$work/test-$name.log"
  rc="$(cat "$work/test-$name.rc" 2>/dev/null || echo 1)"
  # The closing line reads "Success! N passed, 0 failed." or "Failure! N passed, M failed[, K skipped]."
  line="$(grep -E '(Success|Failure)! [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)"
  p="$(echo "$line" | sed -nE 's/.* ([0-9]+) passed.*/\1/p')"
  f="$(echo "$line" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')"
  s="$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')"
  p="${p:-0}"; f="${f:-0}"; s="${s:-0}"
  if [[ "$rc" != 0 && "$f" == 0 ]]; then f=1; fi   # an error before any run counts as one failure
  f=$((f + s))                                      # runs skipped after a failure count as failed
  passed=$((passed + p)); failed=$((failed + f))
  if [[ "$f" == 0 ]]; then
    echo "  ok    $name: $p runs passed"
  else
    echo "  FAIL  $name: $p passed, $f failed or skipped"
    grep -vE '^\s*$' "$log" | grep -vE '\.\.\. pass$' | sed 's/^/        /'
  fi
done

echo "terraform: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
