#!/usr/bin/env bash
# Checks of infra/kubernetes, offline: renders every overlay with `kubectl kustomize` and checks the manifests
# against the processes' own contract (infra/kubernetes/tests/check_contract.py: ports targeted = ports listened,
# edge flags = EdgeMain --help, probe paths, PDBs, HPAs, resources, security contexts, the shield list), checks that
# no Secret value is committed (check_secrets.py and git), starts the edge and the shield with the dev overlay's own
# arguments (with the current edge-runtime jar), then proves the checks can fail: each negative case breaks one thing
# in a copy of the tree and must be refused for that reason.
#
# Where kubectl or PyYAML is missing, says SKIPPED and exits 0 so that the rest of a developer's suite still runs;
# under CI (CI=true) it fails instead, so that a CI run can never pass without having checked infra/kubernetes.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
K8S="$ROOT/infra/kubernetes"
CHECKS="$K8S/tests"
EDGE_MAIN="$ROOT/edge-runtime/src/main/java/dev/cdn/edge/EdgeMain.java"

skip() {
  if [[ "${CI:-}" == true ]]; then
    echo "kubernetes: FAILED: $* (CI=true: the Kubernetes checks must run in CI)" >&2
    exit 1
  fi
  echo "kubernetes: SKIPPED: $*"
  echo "kubernetes: the Kubernetes manifest checks did not run; the rest of the suite goes on."
  exit 0
}

command -v kubectl >/dev/null 2>&1 || skip "kubectl is not installed (not on PATH)"
kubectl kustomize --help >/dev/null 2>&1 || skip "this kubectl has no built-in kustomize (kubectl 1.14 or newer)"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
python3 -c 'import yaml' 2>/dev/null || skip "python3 has no PyYAML (Debian: apt-get install python3-yaml)"

work="$(mktemp -d /tmp/k8s-test.XXXXXX)"
live_pid=""   # a node started from the manifests, stopped on any exit
trap '[[ -n "$live_pid" ]] && kill "$live_pid" 2>/dev/null; rm -rf "$work"' EXIT

passed=0
failed=0
result() { # result ok|fail DESCRIPTION
  if [[ "$1" == ok ]]; then passed=$((passed + 1)); echo "  ok    $2"; else failed=$((failed + 1)); echo "  FAIL  $2"; fi
}

# The edge's --help: from the built jar when it is at least as new as EdgeMain.java (what `./cdn test` has after the
# Maven build), else the same text read from EdgeMain's USAGE block.
help="$work/edge-help.txt"
jar="$(ls "$ROOT"/edge-runtime/target/edge-runtime-*-exec.jar 2>/dev/null | head -1)"
if [[ -n "$jar" && ! "$EDGE_MAIN" -nt "$jar" ]] && command -v java >/dev/null 2>&1 \
   && java -jar "$jar" --help >"$help" 2>&1 && grep -q -- '--admin-listen' "$help"; then
  echo "kubernetes: edge flags from java -jar ${jar#"$ROOT"/} --help"
else
  awk '/USAGE = """/{f=1; next} /^ *""";/{f=0} f' "$EDGE_MAIN" >"$help"
  echo "kubernetes: edge flags from EdgeMain's usage text (no current edge-runtime jar)"
fi
grep -q -- '--admin-listen' "$help" || { echo "kubernetes: FAILED: cannot read the edge's --help"; exit 1; }

# A copy of the tree with the operator's files made from their .example copies (placeholders, never real values).
prepare() { # prepare DEST
  mkdir -p "$1" && cp -r "$K8S/." "$1/"
  local f
  for f in "$1"/overlays/*/secrets/*.example; do cp "$f" "${f%.example}"; done
}

# contract TREE OVERLAY OUT -- renders one overlay and checks it; the checker's report goes to OUT.
contract() {
  local tree="$1" overlay="$2" out="$3" extra=()
  [[ "$overlay" == production ]] && extra=(--require-digests)
  if ! kubectl kustomize "$tree/overlays/$overlay" >"$out.yaml" 2>"$out"; then
    return 2
  fi
  python3 "$CHECKS/check_contract.py" "$out.yaml" --edge-help "$help" --repo "$ROOT" "${extra[@]}" >"$out" 2>&1
}

echo "== no Secret value in infra/kubernetes"
prepare "$work/tree"
if python3 "$CHECKS/check_secrets.py" "$K8S" >"$work/secrets.out" 2>&1; then
  result ok "Secrets come only from generators reading operator files under secrets/ (each with a .example)"
else
  sed 's/^/        /' "$work/secrets.out"; result fail "Secrets from generators reading operator files only"
fi
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  unignored=()
  while read -r file; do
    git -C "$ROOT" check-ignore -q --no-index "infra/kubernetes/$file" || unignored+=("$file")
  done < <(sed -n 's/^reads //p' "$work/secrets.out")
  if [[ ${#unignored[@]} == 0 ]]; then
    result ok "git ignores every file a secretGenerator reads"
  else
    result fail "git would commit these secret files: ${unignored[*]}"
  fi
  committed="$(git -C "$ROOT" ls-files infra/kubernetes | grep '/secrets/' | grep -v '\.example$')"
  if [[ -z "$committed" ]]; then
    result ok "only .example files are committed under secrets/"
  else
    result fail "committed secret files: $committed"
  fi
else
  echo "  --    not a git checkout: the committed-files checks did not run"
fi

echo "== every overlay, rendered and checked against the contract"
for overlay in "$K8S"/overlays/*/; do
  overlay="$(basename "$overlay")"
  contract "$work/tree" "$overlay" "$work/$overlay.out"
  rc=$?
  if [[ $rc == 0 ]]; then
    result ok "$overlay: $(tail -1 "$work/$overlay.out")"
  else
    sed 's/^/      /' "$work/$overlay.out"; result fail "$overlay (exit $rc)"
  fi
done

echo "== the edge and the shield started from the dev overlay's own arguments"
# The static checks know flag names; the runtime's own parser knows their values (--shields syntax, sizes, paths).
# Each process runs the args of the rendered manifest, with only the listeners moved to free loopback ports and the
# mounted folders to temporary ones, and must answer its liveness probe and, without a control plane, its readiness
# probe with 503. Needs the current edge-runtime jar (as ./cdn test has after its Maven build).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_from_manifest() { # start_from_manifest KIND/NAME RENDERED.yaml [refused] -- "refused": must not start
  local workload="$1" rendered="$2" expect="${3:-starts}" dir args=() opts arg port pid code="" ready="" i
  dir="$(mktemp -d "$work/run.XXXX")"
  mkdir -p "$dir/cache" "$dir/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=cdn-default \
    -keyout "$dir/tls/default.key" -out "$dir/tls/default.crt" >/dev/null 2>&1
  python3 "$CHECKS/check_contract.py" "$rendered" --edge-help "$help" --repo "$ROOT" \
    --print-args "$workload" >"$dir/args" || { result fail "$workload: cannot read its args"; return; }
  opts="$(head -1 "$dir/args")"
  local admin=""
  while IFS= read -r arg; do
    arg="${arg//<spec.nodeName>/node-1}"; arg="${arg//<metadata.name>/${workload#*/}-0}"
    arg="${arg//\/var\/cache\/cdn/$dir/cache}"; arg="${arg//\/etc\/cdn\/tls/$dir/tls}"
    if [[ "$arg" =~ ^0\.0\.0\.0:([0-9]+)$ ]]; then
      port="$(free_port)"
      [[ "${args[-1]:-}" == --admin-listen ]] && admin="$port"
      arg="127.0.0.1:$port"
    fi
    if [[ "$arg" == /* && "$arg" != "$dir"/* ]]; then
      result fail "$workload: path $arg is outside the folders this test maps"; return
    fi
    args+=("$arg")
  done < <(tail -n +2 "$dir/args")
  [[ -n "$admin" ]] || { result fail "$workload: no --admin-listen in its args"; return; }
  # shellcheck disable=SC2086 # the JVM options are words
  CDN_EDGE_TOKEN=test-edge-token CDN_ADMIN_TOKEN=test-admin-token \
    java $opts -jar "$jar" "${args[@]}" >"$dir/log" 2>&1 &
  pid=$!
  live_pid=$pid
  for i in $(seq 1 240); do   # until /healthz answers (at most 60 s on a loaded machine), or the process exits
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$admin/healthz")"
    [[ "$code" == 200 ]] && { ready="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$admin/readyz")"; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  live_pid=""
  if [[ "$expect" == refused ]]; then
    if [[ "$code" != 200 ]] && grep -q "$4" "$dir/log"; then
      result ok "$workload: refused to start ($(grep -m1 "$4" "$dir/log"))"
    else
      tail -5 "$dir/log" | sed 's/^/        /'; result fail "$workload: started, or not for the reason /$4/"
    fi
  elif [[ "$code" == 200 && "$ready" == 503 ]]; then
    result ok "$workload: started with the manifest's args; /healthz 200, /readyz 503 without its control plane"
  else
    tail -20 "$dir/log" | sed 's/^/        /'
    result fail "$workload: /healthz answered '$code', /readyz '$ready' (wanted 200 and 503)"
  fi
}
if [[ -n "$jar" && ! "$EDGE_MAIN" -nt "$jar" ]] && command -v java >/dev/null 2>&1 && command -v curl >/dev/null 2>&1 \
   && command -v openssl >/dev/null 2>&1; then
  start_from_manifest DaemonSet/cdn-edge "$work/dev.out.yaml"
  start_from_manifest StatefulSet/cdn-shield "$work/dev.out.yaml"
  # Negative: a value only the runtime's parser can judge (the static checks know flag names, not sizes).
  prepare "$work/live-neg"
  sed -i 's/^CDN_EDGE_DISK_MIB=.*/CDN_EDGE_DISK_MIB=2g/' "$work/live-neg/overlays/dev/settings.env"
  kubectl kustomize "$work/live-neg/overlays/dev" >"$work/live-neg.yaml" \
    && start_from_manifest DaemonSet/cdn-edge "$work/live-neg.yaml" refused "disk must be a number of MiB"
elif [[ "${CI:-}" == true ]]; then
  result fail "no current edge-runtime jar (or no java, curl, openssl): the edge was not started from the manifests"
else
  echo "  --    SKIPPED: no current edge-runtime jar (mvn -pl edge-runtime -am package), java, curl or openssl"
fi

echo "== negative cases: each break must be refused, for its reason"
n=0
negative() { # negative DESCRIPTION OVERLAY FILE SED-SCRIPT EXPECTED-PATTERN
  local what="$1" overlay="$2" file="$3" script="$4" want="$5" tree
  n=$((n + 1))
  tree="$work/neg$n"
  prepare "$tree"
  sed -i -e "$script" "$tree/$file"
  if cmp -s "$K8S/$file" "$tree/$file"; then
    result fail "$what: the edit changed nothing in $file (the case no longer applies)"
    return
  fi
  if [[ "$file" == */kustomization.yaml && "$script" == *literals* ]]; then
    python3 "$CHECKS/check_secrets.py" "$tree" >"$work/neg$n.out" 2>&1
  else
    contract "$tree" "$overlay" "$work/neg$n.out"
  fi
  local rc=$?
  if [[ $rc == 1 ]] && grep -qE -- "$want" "$work/neg$n.out"; then
    result ok "$what: refused ($(grep -E -- "$want" "$work/neg$n.out" | head -1 | sed -E 's/^ *(FAIL *)?//'))"
  else
    sed 's/^/        /' "$work/neg$n.out"; result fail "$what: not refused as expected (exit $rc, wanted /$want/)"
  fi
}

negative "edge admin listener moved off the probed port" dev base/edge/daemonset.yaml \
  's/- 0\.0\.0\.0:9000/- 0.0.0.0:9001/' 'containerPort 9000 \(admin\) is not a port the process listens on'
negative "a flag EdgeMain does not know" dev base/edge/daemonset.yaml \
  's/- --shields$/- --shield-list/' 'flag --shield-list is not in EdgeMain --help'
negative "platform-api's port unlike its server.port" production base/platform-api/deployment.yaml \
  's/containerPort: 8080/containerPort: 8090/' 'platform-api: containerPort 8090 \(http\) is not a port'
negative "the edge Service's 443 sent to a port nothing listens on" production base/edge/service.yaml \
  's/targetPort: https/targetPort: 8444/' 'Service/cdn-edge port 443 targets 8444, which DaemonSet/cdn-edge does not listen on'
negative "the TLS listener left without its certificate folder" dev base/edge/daemonset.yaml \
  '/- --tls-cert-dir/,+1d' 'containerPort 8443 \(https\) is not a port the process listens on'
negative "a readiness path the edge does not answer" dev base/edge/daemonset.yaml \
  's|path: /readyz|path: /ready|' 'readinessProbe path /ready, the edge answers it at /readyz'
negative "a Spring readiness path that does not exist" dev base/portal/deployment.yaml \
  's|/actuator/health/readiness|/actuator/ready|' 'readinessProbe path /actuator/ready'
negative "the edge listening on loopback only" dev base/edge/daemonset.yaml \
  's/- 0\.0\.0\.0:8080/- 127.0.0.1:8080/' 'listens on 127\.0\.0\.1 only'
negative "the portal without probes enabled" dev base/portal/deployment.yaml \
  '/MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED/{n;s/"true"/"false"/}' 'needs the health probes enabled'
negative "a misspelt platform-api setting" production base/platform-api/deployment.yaml \
  's/- name: CDN_OPERATOR_TOKEN$/- name: CDN_OPERATOR_TOKENS/' 'env CDN_OPERATOR_TOKENS is no setting platform-api reads'
negative "a Deployment without a PodDisruptionBudget" production base/portal/kustomization.yaml \
  '/- pdb.yaml/d' 'Deployment/portal: no PodDisruptionBudget'
negative "a PodDisruptionBudget that blocks every drain" dev base/platform-api/pdb.yaml \
  's/maxUnavailable: 1/minAvailable: 1/' 'minAvailable 1 with 1 replicas blocks every drain'
negative "a \$(VAR) no env entry defines" dev base/edge/daemonset.yaml \
  's/\$(NODE_NAME)/$(NODENAME)/' 'a \$\(VAR\) no env entry'
negative "a shield the StatefulSet does not run" dev overlays/dev/settings.env \
  's|^CDN_SHIELDS=.*|&,http://cdn-shield-1.cdn-shield:8080|' 'shield http://cdn-shield-1.cdn-shield:8080 is not a listening shield pod'
negative "an edge RAM tier beyond its memory limit" dev overlays/dev/settings.env \
  's/^CDN_EDGE_MEMORY_MIB=.*/CDN_EDGE_MEMORY_MIB=1024/' 'DaemonSet/cdn-edge container edge: heap .* exceeds the limit'
negative "a container without resources" dev overlays/dev/small-resources.yaml \
  '0,/limits: {memory: 1Gi}/s/limits: {memory: 1Gi}/limits: null/' 'platform-api: resources\.limits\.memory is not set'
negative "a production image not pinned by digest" production overlays/production/kustomization.yaml \
  '0,/digest: sha256/s/digest: sha256:0*/newTag: latest/' 'is not pinned by digest'
negative "the edge admin port open to the internet" dev base/edge/networkpolicy.yaml \
  's/- port: https/- port: https\n        - port: admin/' "admits addresses outside the cluster to DaemonSet/cdn-edge's admin port"
negative "a root file system left writable" dev base/shield/statefulset.yaml \
  's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/' 'root file system not read-only'
negative "a Secret value written into a kustomization" dev overlays/dev/kustomization.yaml \
  's|envs: \[secrets/edge.env\]|literals: [CDN_ADMIN_TOKEN=hunter2]|' 'secretGenerator cdn-edge has literal values'

echo "== without kubectl: a developer's run says SKIPPED, a CI run fails"
# A PATH holding bash and the basic tools but no kubectl (these runs stop at the kubectl check, before any of the above).
bin="$work/bin"
mkdir -p "$bin"
for tool in bash env dirname cat sed grep head mktemp rm; do ln -s "$(command -v "$tool")" "$bin/$tool"; done
out="$(env -i PATH="$bin" "$bin/bash" "$0" 2>&1)"; rc=$?
if [[ $rc == 0 && "$out" == *SKIPPED* ]]; then result ok "no kubectl, developer run: SKIPPED, exit 0"; else
  echo "$out" | sed 's/^/        /'; result fail "no kubectl, developer run: exit $rc, wanted 0 and SKIPPED"; fi
out="$(env -i PATH="$bin" CI=true "$bin/bash" "$0" 2>&1)"; rc=$?
if [[ $rc != 0 && "$out" == *FAILED* ]]; then result ok "no kubectl, CI=true: fails (exit $rc)"; else
  echo "$out" | sed 's/^/        /'; result fail "no kubectl, CI=true: exit $rc, wanted non-zero"; fi

echo "kubernetes: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
