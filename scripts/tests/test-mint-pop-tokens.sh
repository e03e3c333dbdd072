#!/usr/bin/env bash
# Checks of scripts/mint-pop-tokens.sh against a fake `curl` (the API) and a fake `aws` (Secrets Manager) put first on
# PATH, which record every call: its arguments, what it asked of the API, what it wrote into which secret. Proves the
# argument handling, that each PoP's minted token lands in that PoP's own secret (and region), that --dry-run changes
# nothing, and that no token value ever appears on a command line.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPT="$ROOT/scripts/mint-pop-tokens.sh"

work="$(mktemp -d /tmp/terraform-mint-test.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"

cat >"$work/bin/curl" <<'EOF'
#!/usr/bin/env bash
# Fake API: answers POST/GET/DELETE /v1/edge-tokens, logs each call.
printf '%s\n' "$*" >>"$FAKE_LOG/curl.argv"
method=GET body="" url=""
while (( $# > 0 )); do
  case "$1" in
    -X) method="$2"; shift ;;
    -H) if [[ "$2" == @* ]]; then cat "${2#@}" >>"$FAKE_LOG/curl.headers"; fi; shift ;;
    --data-binary) body="$2"; shift ;;
    -*) ;;
    *) url="$1" ;;
  esac
  shift
done
echo "$method $url $body" >>"$FAKE_LOG/curl.log"
case "$method $url" in
  "POST "*/v1/edge-tokens)
    name="$(jq -r .name <<<"$body")"
    printf '{"id":"id-%s","name":"%s","prefix":"cdn_e_ab","createdAt":"2026-01-01T00:00:00Z","revokedAt":null,"token":"cdn_e_secret-%s"}' "$name" "$name" "$name" ;;
  "GET "*/v1/edge-tokens) cat "$FAKE_LOG/tokens.json" ;;
  "DELETE "*) ;;
  *) exit 22 ;;
esac
EOF

cat >"$work/bin/aws" <<'EOF'
#!/usr/bin/env bash
# Fake AWS CLI: secretsmanager put-secret-value (value read from stdin) and get-secret-value (set or not).
printf '%s\n' "$*" >>"$FAKE_LOG/aws.argv"
op="$2" region="" id="" value=""
while (( $# > 0 )); do
  case "$1" in
    --region) region="$2"; shift ;;
    --secret-id) id="$2"; shift ;;
    --secret-string) value="$2"; shift ;;
  esac
  shift
done
case "$op" in
  put-secret-value)
    [[ "$value" == file:///dev/stdin ]] && value="$(cat)"
    echo "put $region $id $value" >>"$FAKE_LOG/aws.log" ;;
  get-secret-value)
    [[ " ${FAKE_SET:-} " == *" $id "* ]] || { echo "ResourceNotFoundException" >&2; exit 254; }
    echo "v1" ;;
  *) exit 1 ;;
esac
EOF
chmod +x "$work/bin/curl" "$work/bin/aws"

cat >"$work/pops.json" <<'EOF'
{
  "fra1": {"region": "eu-central-1", "edge_token_secret_arn": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/edge-token-A", "admin_token_secret_arn": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/admin-token-A"},
  "iad1": {"region": "us-east-1", "edge_token_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/pop/iad1/edge-token-B", "admin_token_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/pop/iad1/admin-token-B"}
}
EOF
FRA_EDGE="arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/edge-token-A"
FRA_ADMIN="arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/admin-token-A"
IAD_EDGE="arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/pop/iad1/edge-token-B"
IAD_ADMIN="arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/pop/iad1/admin-token-B"
API=https://api.cdn.localhost

failed=0
run() { # run -- ARGS...: the script with the fakes first on PATH; sets $out and $rc, fresh logs each time
  rm -rf "$work/log"; mkdir -p "$work/log"; touch "$work/log/curl.log" "$work/log/aws.log" "$work/log/curl.argv" "$work/log/aws.argv"
  cp "$work/tokens.json" "$work/log/tokens.json" 2>/dev/null || true
  out="$(FAKE_LOG="$work/log" PATH="$work/bin:$PATH" "$@" 2>&1)"; rc=$?
}
check() { # check DESCRIPTION CONDITION...
  local what="$1"; shift
  if "$@"; then echo "  ok    $what"; else
    echo "  FAIL  $what (exit $rc)"; echo "$out" | sed 's/^/        /'; failed=$((failed + 1)); fi
}
log_has() { grep -qxF -- "$2" "$work/log/$1"; }
lines() { grep -c . "$work/log/$1"; }

run env -u CDN_OPERATOR_TOKEN bash "$SCRIPT"
check "no arguments: usage, exit 2" test "$rc" = 2 -a -n "$(grep -F 'API_URL' <<<"$out")"

run env CDN_OPERATOR_TOKEN=op bash "$SCRIPT" --frobnicate "$API" "$work/pops.json"
check "an unknown option: exit 2, naming it" test "$rc" = 2 -a -n "$(grep -F "unknown option '--frobnicate'" <<<"$out")"

run env CDN_OPERATOR_TOKEN=op bash "$SCRIPT" api.cdn.localhost "$work/pops.json"
check "an API_URL that is no URL: refused, nothing called" test "$rc" = 1 -a "$(lines curl.log)" = 0

echo '{"fra1": {"region": "eu-central-1"}}' >"$work/bad.json"
run env CDN_OPERATOR_TOKEN=op bash "$SCRIPT" "$API" "$work/bad.json"
check "POPS_JSON without the secrets' ARNs: refused, nothing called" test "$rc" = 1 -a "$(lines curl.log)" = 0 -a "$(lines aws.log)" = 0

run env -u CDN_OPERATOR_TOKEN bash "$SCRIPT" "$API" "$work/pops.json"
check "no CDN_OPERATOR_TOKEN: refused, nothing minted" test "$rc" = 1 -a "$(lines curl.log)" = 0 -a -n "$(grep -F CDN_OPERATOR_TOKEN <<<"$out")"

run env -u CDN_OPERATOR_TOKEN bash "$SCRIPT" --dry-run "$API" "$work/pops.json"
check "--dry-run: says what it would do for every PoP" test "$rc" = 0 -a "$(grep -c 'would mint an edge token' <<<"$out")" = 2
check "--dry-run: mints nothing and writes no secret" test "$(grep -c POST "$work/log/curl.log")" = 0 -a "$(lines aws.log)" = 0

run env CDN_OPERATOR_TOKEN=operator-secret FAKE_SET="$IAD_ADMIN" bash "$SCRIPT" "$API" "$work/pops.json"
check "a run: exit 0" test "$rc" = 0
check "one token minted per PoP, named after it" \
  eval 'log_has curl.log "POST $API/v1/edge-tokens {\"name\":\"fra1\"}" && log_has curl.log "POST $API/v1/edge-tokens {\"name\":\"iad1\"}" && test "$(grep -c POST "$work/log/curl.log")" = 2'
check "each PoP's token lands in that PoP's own secret, in its region" \
  eval 'log_has aws.log "put eu-central-1 $FRA_EDGE cdn_e_secret-fra1" && log_has aws.log "put us-east-1 $IAD_EDGE cdn_e_secret-iad1"'
check "an admin token is written where none is set, kept where one is" \
  eval 'grep -q "^put eu-central-1 $FRA_ADMIN [0-9a-f]\{64\}$" "$work/log/aws.log" && ! grep -q " $IAD_ADMIN " "$work/log/aws.log"'
check "the operator token reaches the API in a header, never on a command line" \
  eval 'grep -qxF "Authorization: Bearer operator-secret" "$work/log/curl.headers" && ! grep -q operator-secret "$work/log/curl.argv" "$work/log/aws.argv"'
check "no token value on any command line or in the output" \
  eval '! grep -q "cdn_e_secret" "$work/log/aws.argv" "$work/log/curl.argv" && ! grep -q cdn_e_secret <<<"$out"'

run env CDN_OPERATOR_TOKEN=op FAKE_SET="$FRA_ADMIN $IAD_ADMIN" bash "$SCRIPT" --only iad1 --rotate-admin "$API" "$work/pops.json"
check "--only iad1 --rotate-admin: iad1 alone, its admin token replaced" \
  eval 'test "$rc" = 0 && test "$(grep -c POST "$work/log/curl.log")" = 1 && log_has aws.log "put us-east-1 $IAD_EDGE cdn_e_secret-iad1" && grep -q " $IAD_ADMIN " "$work/log/aws.log" && ! grep -q fra1 "$work/log/aws.log"'

run env CDN_OPERATOR_TOKEN=op bash "$SCRIPT" --only sin1 "$API" "$work/pops.json"
check "--only naming an unknown PoP: refused, nothing minted" test "$rc" = 1 -a "$(lines curl.log)" = 0

cat >"$work/tokens.json" <<'EOF'
{"items": [
  {"id": "old-fra1", "name": "fra1", "prefix": "cdn_e_aa", "createdAt": "2026-01-01T00:00:00Z", "revokedAt": null},
  {"id": "new-fra1", "name": "fra1", "prefix": "cdn_e_bb", "createdAt": "2026-02-01T00:00:00Z", "revokedAt": null},
  {"id": "gone-fra1", "name": "fra1", "prefix": "cdn_e_cc", "createdAt": "2025-12-01T00:00:00Z", "revokedAt": "2026-01-02T00:00:00Z"},
  {"id": "only-iad1", "name": "iad1", "prefix": "cdn_e_dd", "createdAt": "2026-01-01T00:00:00Z", "revokedAt": null}
]}
EOF
run env CDN_OPERATOR_TOKEN=op bash "$SCRIPT" --revoke-older "$API" "$work/pops.json"
check "--revoke-older: revokes each PoP's tokens but its newest, mints and writes nothing" \
  eval 'test "$rc" = 0 && log_has curl.log "DELETE $API/v1/edge-tokens/old-fra1 " && test "$(grep -c DELETE "$work/log/curl.log")" = 1 && test "$(grep -c POST "$work/log/curl.log")" = 0 && test "$(lines aws.log)" = 0'

run env CDN_OPERATOR_TOKEN=op bash "$SCRIPT" --dry-run --revoke-older "$API" "$work/pops.json"
check "--dry-run --revoke-older: names what it would revoke, revokes nothing" \
  eval 'test "$rc" = 0 && grep -q "would revoke edge token old-fra1" <<<"$out" && test "$(grep -c DELETE "$work/log/curl.log")" = 0'

[[ "$failed" == 0 ]] && echo "test-mint-pop-tokens: all passed" || { echo "test-mint-pop-tokens: $failed failed"; exit 1; }
