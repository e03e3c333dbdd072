#!/usr/bin/env bash
# Benchmarks an assembled ESI page beside a plain cache hit of the same size, everything cached, on one machine.
#
# One edge (exec jar) pinned to core 0 with one event loop, wrk to core 1, a small Python origin. /page on
# esi.localhost, under a rule with "esi": true, is a ~6 KB shell (max-age=300) with two 1 KB includes (max-age=60 and
# 120); /plain on plain.localhost is the same 8 KB already assembled, under a service without ESI. Each target is
# warmed, then measured RUNS times with `wrk -c16`; each run reports requests/s and the server's CPU time per request
# (utime+stime of the java process from /proc/PID/stat, before and after). Only ratios within one run compare.
#
# Usage: bench/esi-page.sh                   (from the repository root, after `mvn -B -o -pl edge-runtime -am package`)
#        RUNS=5 DURATION=8s JAR=path/to/edge-runtime-exec.jar bench/esi-page.sh
# It installs nothing; it stops every process it started (by PID), also on failure or Ctrl-C.
set -euo pipefail

RUNS=${RUNS:-3}
DURATION=${DURATION:-8s}
WARMUP=${WARMUP:-8s}
CONNECTIONS=${CONNECTIONS:-16}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/edge-runtime/target/edge-runtime-0.1.0-SNAPSHOT-exec.jar"}
EDGE_JAVA_OPTS=${EDGE_JAVA_OPTS:--Xms256m -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+UseParallelGC -Dreactor.netty.ioWorkerCount=1}

for tool in wrk taskset java python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "esi-page: $tool is missing; nothing was run."; exit 0; }
done
[ -f "$JAR" ] || { echo "esi-page: $JAR not found; build it first:  mvn -B -o -q -pl edge-runtime -am package -DskipTests"; exit 0; }
[ "$(nproc)" -ge 2 ] || { echo "esi-page: needs 2 cores (edge on core 0, wrk on core 1); nothing was run."; exit 0; }

source "$ROOT/bench/lib.sh"
bench_start esi-page

ORIGIN_PORT=$(free_port); EDGE_PORT=$(free_port); ADMIN_PORT=$(free_port)

cat > "$TMP/origin.py" <<PY
import http.server, socketserver
FRAG_A = b"a" * 1024
FRAG_B = b"b" * 1024
HEAD = b"<html><body>" + b"h" * 3000
TAIL = b"t" * 3000 + b"</body></html>"
PAGES = {
    "/page": (HEAD + b'<esi:include src="/frag/a"/>' + b'<esi:include src="/frag/b"/>' + TAIL, "max-age=300"),
    "/frag/a": (FRAG_A, "max-age=60"),
    "/frag/b": (FRAG_B, "max-age=120"),
    "/plain": (HEAD + FRAG_A + FRAG_B + TAIL, "max-age=300"),
}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        page = PAGES.get(self.path.split("?")[0])
        if page is None:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page[0])))
        self.send_header("Cache-Control", page[1])
        self.end_headers()
        self.wfile.write(page[0])
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
S(("127.0.0.1", $ORIGIN_PORT), H).serve_forever()
PY
taskset -c 1 python3 "$TMP/origin.py" & PIDS+=($!)

ORIGIN="{\"name\":\"o1\",\"host\":\"127.0.0.1\",\"port\":$ORIGIN_PORT,\"tls\":false,\"connectTimeoutMs\":1000,\"readTimeoutMs\":5000}"
cat > "$TMP/edge.json" <<JSON
{"services":[
 {"id":"esi","tenantId":"t","name":"esi","version":1,"domains":["esi.localhost"],"origins":[$ORIGIN],
  "rules":[{"name":"esi","match":{"pathPrefix":"/"},"esi":true}],"settings":{"shieldEnabled":false}},
 {"id":"plain","tenantId":"t","name":"plain","version":1,"domains":["plain.localhost"],"origins":[$ORIGIN],
  "rules":[],"settings":{"shieldEnabled":false}}]}
JSON
taskset -c 0 java $EDGE_JAVA_OPTS -jar "$JAR" --config "$TMP/edge.json" --listen 127.0.0.1:$EDGE_PORT \
  --admin-listen 127.0.0.1:$ADMIN_PORT --admin-token bench --allowed-private-origins "127.0.0.1:$ORIGIN_PORT" \
  > "$TMP/edge.log" 2>&1 & EDGE_PID=$!; PIDS+=($EDGE_PID)

for _ in $(seq 1 150); do
  curl -s -o /dev/null -H "Host: plain.localhost" "http://127.0.0.1:$EDGE_PORT/plain" && break; sleep 0.2
done
page=$(curl -s -D "$TMP/headers" -H "Host: esi.localhost" "http://127.0.0.1:$EDGE_PORT/page")
plain=$(curl -s -H "Host: plain.localhost" "http://127.0.0.1:$EDGE_PORT/plain")
[ "$page" = "$plain" ] || { echo "esi-page: the page was not assembled (${#page} bytes)"; tail -20 "$TMP/edge.log"; exit 1; }
echo "assembled page: ${#page} bytes, $(grep -i '^cache-control' "$TMP/headers" | tr -d '\r')"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
run_wrk() { # host path -> "rps cpu_us_per_req"
  local before after out rps reqs
  before=$(cpu_ticks "$EDGE_PID")
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -H "Host: $1" "http://127.0.0.1:$EDGE_PORT$2")
  after=$(cpu_ticks "$EDGE_PID")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$rps $(awk -v t=$((after - before)) -v k="$TICK" -v n="$reqs" 'BEGIN { printf "%.0f", t / k * 1e6 / n }')"
}

taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -H "Host: esi.localhost" "http://127.0.0.1:$EDGE_PORT/page" >/dev/null
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -H "Host: plain.localhost" "http://127.0.0.1:$EDGE_PORT/plain" >/dev/null
echo "| Run | ESI page req/s | ESI page CPU/request | plain hit req/s | plain hit CPU/request |"
echo "|---|---|---|---|---|"
for i in $(seq 1 "$RUNS"); do
  read -r prps pcpu < <(run_wrk esi.localhost /page)
  read -r hrps hcpu < <(run_wrk plain.localhost /plain)
  echo "| $i | $prps | $pcpu µs | $hrps | $hcpu µs |"
done
