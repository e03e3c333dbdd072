#!/usr/bin/env bash
# Gives every PoP its own edge credential: mints one revocable edge token per PoP through the API
# (POST /v1/edge-tokens, named after the PoP) and writes it into that PoP's own Secrets Manager secret, which
# Terraform created empty (modules/edge-pop). A PoP's admin-listener secret gets a random token of its own when it
# has none yet. Token values never pass through Terraform, the command line of any process, or this script's output.
#
#   scripts/mint-pop-tokens.sh [--dry-run] [--only POP[,POP...]] [--rotate-admin] API_URL POPS_JSON
#   scripts/mint-pop-tokens.sh [--dry-run] [--only POP[,POP...]] --revoke-older API_URL POPS_JSON
#
#   API_URL      the control plane's API, e.g. https://api.cdn.example.com (terraform output api_url)
#   POPS_JSON    a file (or - for stdin) as `terraform output -json pop_secrets` prints it:
#                {"POP": {"region": "...", "edge_token_secret_arn": "...", "admin_token_secret_arn": "..."}, ...}
#   --dry-run       print what would be done; mint, write and revoke nothing
#   --only LIST     only these PoPs
#   --rotate-admin  write a new admin token even where one exists
#   --revoke-older  mint nothing: revoke each PoP's tokens except its newest (after its nodes restarted with it)
#
# The operator token comes from the environment, CDN_OPERATOR_TOKEN (read it with
# `aws secretsmanager get-secret-value --secret-id "$(terraform output -raw operator_token_secret_arn)"`).
# Needs curl, jq, openssl and the AWS CLI with permission to write the PoPs' secrets. Rotation: docs/deploy.md.
set -euo pipefail

usage() {
  sed -n '/^#   scripts/,/^# Needs/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { echo "mint-pop-tokens: $*" >&2; exit 1; }

dry_run=0 rotate_admin=0 revoke_older=0 only="" positional=()
while (( $# > 0 )); do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --rotate-admin) rotate_admin=1 ;;
    --revoke-older) revoke_older=1 ;;
    --only) [[ $# -ge 2 && -n "$2" ]] || { echo "mint-pop-tokens: --only needs a list of PoPs" >&2; usage; }; only="$2"; shift ;;
    --only=*) only="${1#--only=}" ;;
    -h|--help) usage ;;
    -*) echo "mint-pop-tokens: unknown option '$1'" >&2; usage ;;
    *) positional+=("$1") ;;
  esac
  shift
done
(( ${#positional[@]} == 2 )) || { echo "mint-pop-tokens: expected API_URL and POPS_JSON" >&2; usage; }
api="${positional[0]%/}"
pops_file="${positional[1]}"
[[ "$api" =~ ^https?://[A-Za-z0-9.:-]+(/.*)?$ ]] || die "API_URL must be an http(s) URL, got '$api'"
(( revoke_older == 0 || rotate_admin == 0 )) || die "--revoke-older and --rotate-admin do not go together"
for tool in curl jq aws openssl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done

if [[ "$pops_file" == - ]]; then pops_json="$(cat)"; else
  [[ -r "$pops_file" ]] || die "cannot read $pops_file"
  pops_json="$(cat "$pops_file")"
fi
jq -e 'type == "object" and length > 0 and all(.[]; (.region | type == "string")
       and (.edge_token_secret_arn | type == "string") and (.admin_token_secret_arn | type == "string"))' \
  <<<"$pops_json" >/dev/null 2>&1 \
  || die "POPS_JSON must be an object of PoPs, each with region, edge_token_secret_arn and admin_token_secret_arn (terraform output -json pop_secrets)"

mapfile -t pops < <(jq -r 'keys[]' <<<"$pops_json")
if [[ -n "$only" ]]; then
  IFS=, read -ra wanted <<<"$only"
  for p in "${wanted[@]}"; do
    jq -e --arg p "$p" 'has($p)' <<<"$pops_json" >/dev/null || die "--only names '$p', which POPS_JSON does not list"
  done
  pops=("${wanted[@]}")
fi

token="${CDN_OPERATOR_TOKEN:-}"
[[ -n "$token" || $dry_run == 1 ]] || die "CDN_OPERATOR_TOKEN is not set (the operator token of the API)"

# The operator token goes to curl in a header file only its owner can read, never on its command line (visible to
# every local user).
header_file="$(umask 077 && mktemp)"
trap 'rm -f "$header_file"' EXIT
printf 'Authorization: Bearer %s\n' "$token" >"$header_file"
api_call() { # api_call METHOD PATH [JSON_BODY]
  local args=(-fsS -X "$1" -H "@$header_file" -H 'Accept: application/json')
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  curl "${args[@]}" "$api$2"
}

# The secret value goes to the AWS CLI on its standard input, never on its command line.
put_secret() { # put_secret REGION ARN  (value on stdin)
  aws secretsmanager put-secret-value --region "$1" --secret-id "$2" --secret-string file:///dev/stdin >/dev/null
}

has_value() { # has_value REGION ARN
  aws secretsmanager get-secret-value --region "$1" --secret-id "$2" --query VersionId --output text >/dev/null 2>&1
}

field() { jq -r --arg p "$1" --arg f "$2" '.[$p][$f]' <<<"$pops_json"; }

for pop in "${pops[@]}"; do
  region="$(field "$pop" region)"
  edge_arn="$(field "$pop" edge_token_secret_arn)"
  admin_arn="$(field "$pop" admin_token_secret_arn)"

  if (( revoke_older )); then
    listing="$(api_call GET /v1/edge-tokens)" || die "$pop: listing edge tokens failed"
    mapfile -t older < <(jq -r --arg p "$pop" \
      '[.items[] | select(.name == $p and .revokedAt == null)] | sort_by(.createdAt) | .[:-1][] | .id' <<<"$listing")
    if (( ${#older[@]} == 0 )); then echo "$pop: no older token to revoke"; fi
    for id in "${older[@]}"; do
      if (( dry_run )); then echo "$pop: would revoke edge token $id (DELETE $api/v1/edge-tokens/$id)"; continue; fi
      api_call DELETE "/v1/edge-tokens/$id" >/dev/null || die "$pop: revoking edge token $id failed"
      echo "$pop: revoked edge token $id"
    done
    continue
  fi

  if (( dry_run )); then
    echo "$pop: would mint an edge token named '$pop' (POST $api/v1/edge-tokens) and put it into $edge_arn ($region)"
  else
    minted="$(api_call POST /v1/edge-tokens "$(jq -cn --arg n "$pop" '{name: $n}')")" || die "$pop: minting failed"
    id="$(jq -r '.id' <<<"$minted")"
    jq -er '.token' <<<"$minted" | tr -d '\n' | put_secret "$region" "$edge_arn" \
      || die "$pop: writing the edge token into $edge_arn failed (token $id is minted: revoke it with DELETE /v1/edge-tokens/$id)"
    echo "$pop: edge token $id ($(jq -r '.prefix' <<<"$minted")...) written to $edge_arn"
  fi

  if (( rotate_admin )) || ! has_value "$region" "$admin_arn"; then
    if (( dry_run )); then
      echo "$pop: would put a new random admin token into $admin_arn ($region)"
    else
      openssl rand -hex 32 | tr -d '\n' | put_secret "$region" "$admin_arn" || die "$pop: writing the admin token failed"
      echo "$pop: new admin token written to $admin_arn"
    fi
  else
    echo "$pop: admin token already set in $admin_arn (kept; --rotate-admin replaces it)"
  fi
done
