#!/usr/bin/env bash
# Compares two configurations of our edge on the same hit, in one sitting: edge A and edge B both run pinned to core 0
# (an idle edge costs next to nothing), and wrk on core 1 loads them in turn, A then B, ROUNDS times, so a change in
# the machine's state moves both sides alike. Prints, per run, requests/s, p99 and the loaded edge's CPU per request
# (utime+stime from /proc, before and after).
#
# Usage: EDGE_A_ARGS="--memory-files /dev/shm/ab-bodies" bench/edge-ab.sh /100k          (from the repository root)
#        MEMORY=16 ROUNDS=6 DURATION=8s EDGE_JAR=<jar> EDGE_A_ARGS=... EDGE_B_ARGS=... bench/edge-ab.sh /1m
# Paths: /1k, /16k, /100k, /1m (bench/origin.py). It installs nothing and stops what it started.
set -euo pipefail

OBJECT=${1:-/100k}
ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-8s}
MEMORY=${MEMORY:-4}  # MiB of RAM tier: 4 holds the 100 KiB object, 16 the 1 MiB one
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${EDGE_JAR:-"$ROOT/edge-runtime/target/edge-runtime-0.1.0-SNAPSHOT-exec.jar"}
for tool in wrk taskset java python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "edge-ab: $tool is missing (sudo apt-get install -y wrk util-linux curl python3); nothing was run."; exit 0; }
done
[ -f "$JAR" ] || { echo "edge-ab: $JAR not found; build it first:  mvn -o -q -B -pl edge-runtime -am package -DskipTests"; exit 0; }

source "$ROOT/bench/lib.sh"
bench_start edge-ab
HOST=bench.localhost
ORIGIN_PORT=$(free_port)
taskset -c 1 python3 "$ROOT/bench/origin.py" "$ORIGIN_PORT" & PIDS+=($!)
cat > "$TMP/edge.json" <<JSON
{"services":[{"id":"bench","tenantId":"t","name":"bench","version":1,"domains":["$HOST"],
  "origins":[{"name":"o1","host":"127.0.0.1","port":$ORIGIN_PORT,"tls":false,"connectTimeoutMs":1000,"readTimeoutMs":5000}],
  "rules":[],"settings":{"shieldEnabled":false,"maxObjectBytes":4194304}}]}
JSON
start_edge() { # name extra-args -> "pid port"
  local port admin
  port=$(free_port); admin=$(free_port)
  # shellcheck disable=SC2086
  taskset -c 0 java -Xms256m -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+UseParallelGC -Dreactor.netty.ioWorkerCount=1 \
    -jar "$JAR" --config "$TMP/edge.json" --listen 127.0.0.1:$port --admin-listen 127.0.0.1:$admin --admin-token bench \
    --allowed-private-origins "127.0.0.1:$ORIGIN_PORT" --memory "$MEMORY" $2 > "$TMP/edge-$1.log" 2>&1 &
  echo "$! $port"
}
read -r A_PID A_PORT < <(start_edge a "${EDGE_A_ARGS:-}"); PIDS+=("$A_PID")
read -r B_PID B_PORT < <(start_edge b "${EDGE_B_ARGS:-}"); PIDS+=("$B_PID")
for port in "$A_PORT" "$B_PORT"; do
  for _ in $(seq 1 300); do curl -s -o /dev/null -H "Host: $HOST" "http://127.0.0.1:$port$OBJECT" && break; sleep 0.2; done
  curl -s -o /dev/null -H "Host: $HOST" "http://127.0.0.1:$port$OBJECT"
done
echo "# edge-ab: $(date -u +%FT%TZ), $OBJECT, A: '${EDGE_A_ARGS:-}', B: '${EDGE_B_ARGS:-}', --memory $MEMORY, $ROUNDS rounds of $DURATION"
for _ in 1 2 3; do # warm-up: both JITs
  for port in "$A_PORT" "$B_PORT"; do taskset -c 1 wrk -t1 -c32 -d5s -H "Host: $HOST" "http://127.0.0.1:$port$OBJECT" > /dev/null; done
done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for _ in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    if [ $side = A ]; then pid=$A_PID; port=$A_PORT; else pid=$B_PID; port=$B_PORT; fi
    t0=$(ticks "$pid")
    out=$(taskset -c 1 wrk -t1 -c32 -d"$DURATION" --latency -H "Host: $HOST" "http://127.0.0.1:$port$OBJECT")
    t1=$(ticks "$pid")
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    awk -v s=$side -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$n" \
      -v r="$(echo "$out" | awk '/Requests\/sec/ {print $2}')" -v p="$(echo "$out" | awk '$1 == "99%" {print $2}')" \
      'BEGIN { printf "%s %9.0f req/s  p99 %-8s %7.2f us/req\n", s, r, p, t / hz * 1e6 / n }'
  done
done
