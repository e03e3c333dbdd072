#!/usr/bin/env bash
# Benchmarks cache hits of our edge beside nginx's proxy_cache on one machine, over plain HTTP and over TLS.
#
# MODE=1core (default): both servers pinned to core 0 (nginx: worker_processes 1; our edge: one JVM with one event
# loop), wrk to core 1. MODE=2core: both servers on cores 0-1 (nginx: 2 workers; our edge: 4 event loops), and wrk
# (2 threads) shares those cores, so req/s there is bound by the client too; CPU per request still compares. For each
# object (1 KiB, 16 KiB and 100 KiB in RAM; 1 MiB, which only the disk tier can hold, from our L2 via sendfile and
# from nginx's cache files) it warms both servers, then runs `wrk -c32 -d10s` RUNS times and reports the medians of
# requests/s, p99 latency and server CPU time per request (utime+stime from /proc/PID/stat, before and after).
# The TLS rows (1k-tls, 100k-tls) fetch the RAM-tier objects through each server's TLS listener (both present the
# same self-signed P-256 certificate; wrk keeps its connections, so they measure encryption, not handshakes).
#
# Usage: bench/edge-vs-nginx.sh            (from the repository root, after `mvn -pl edge-runtime verify`)
#        RUNS=5 DURATION=10s WARMUP=10s CONNECTIONS=32 EDGE_JAVA_OPTS="-Xmx512m" bench/edge-vs-nginx.sh
#        MODE=2core OBJECTS="1k 16k 100k" bench/edge-vs-nginx.sh
# It installs nothing; it stops every process it started (by PID), also on failure or Ctrl-C.
set -euo pipefail

RUNS=${RUNS:-3}
MODE=${MODE:-1core}
case "$MODE" in
  1core) SERVER_CPUS=0; CLIENT_CPUS=1; WRK_THREADS=1; NGINX_WORKERS=1; LOOPS=1 ;;
  2core) SERVER_CPUS=0,1; CLIENT_CPUS=0,1; WRK_THREADS=2; NGINX_WORKERS=2; LOOPS=4 ;;
  *) echo "edge-vs-nginx: MODE must be 1core or 2core"; exit 2 ;;
esac
# 1core: one reactor-netty event loop, like nginx's one worker (reactor-netty's default is max(cores, 4) loops);
# 2core: 4 event loops against nginx's 2 workers.
EDGE_JAVA_OPTS=${EDGE_JAVA_OPTS:--Xms256m -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+UseParallelGC -Dreactor.netty.ioWorkerCount=$LOOPS}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/edge-runtime/target/edge-runtime-0.1.0-SNAPSHOT-exec.jar"

missing=()
for tool in nginx wrk taskset java python3 curl openssl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "edge-vs-nginx: missing ${missing[*]}; nothing was run."
  echo "Install them with:  sudo apt-get install -y nginx wrk util-linux curl python3 openssl openjdk-17-jre-headless"
  exit 0
fi
if [ ! -f "$JAR" ]; then
  echo "edge-vs-nginx: $JAR not found; build it first:  mvn -o -q -B -pl edge-runtime verify"
  exit 0
fi
if [ "$(nproc)" -lt 2 ]; then
  echo "edge-vs-nginx: needs at least 2 cores (server on core 0, wrk on core 1); nothing was run."
  exit 0
fi

TMP=$(mktemp -d /tmp/edge-vs-nginx.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ORIGIN_PORT=$(free_port); EDGE_PORT=$(free_port); ADMIN_PORT=$(free_port); NGINX_PORT=$(free_port)
EDGE_TLS_PORT=$(free_port); NGINX_TLS_PORT=$(free_port)
HOST=bench.localhost

# --- one certificate for both servers (PKCS#8 key, as the edge's certificate directory wants) ---
mkdir -p "$TMP/certs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=$HOST" \
  -addext "subjectAltName=DNS:$HOST" -keyout "$TMP/certs/default.key" -out "$TMP/certs/default.crt" 2>/dev/null

# --- origin: fixed bodies, cacheable for an hour ---
cat > "$TMP/origin.py" <<PY
import http.server, socketserver
SIZES = {"/1k": 1024, "/16k": 16 * 1024, "/100k": 100 * 1024, "/1m": 1024 * 1024}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        n = SIZES.get(self.path.split("?")[0])
        if n is None:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(n))
        self.send_header("Cache-Control", "max-age=3600")
        self.send_header("ETag", '"%d"' % n)
        self.end_headers()
        self.wfile.write(b"x" * n)
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
S(("127.0.0.1", $ORIGIN_PORT), H).serve_forever()
PY
taskset -c 1 python3 "$TMP/origin.py" & PIDS+=($!)

# --- our edge: standalone, config file; a 1 MiB RAM tier (holds the 1 KiB and 100 KiB objects) plus a disk tier ---
cat > "$TMP/edge.json" <<JSON
{"services":[{"id":"bench","tenantId":"t","name":"bench","version":1,"domains":["$HOST"],
  "origins":[{"name":"o1","host":"127.0.0.1","port":$ORIGIN_PORT,"tls":false,"connectTimeoutMs":1000,"readTimeoutMs":5000}],
  "rules":[],"settings":{"shieldEnabled":false,"maxObjectBytes":4194304}}]}
JSON
# The 1 MiB object is larger than what admission lets into a 1 MiB RAM tier, so it is served from disk (sendfile).
# shellcheck disable=SC2086
taskset -c $SERVER_CPUS java $EDGE_JAVA_OPTS -jar "$JAR" --config "$TMP/edge.json" \
  --listen 127.0.0.1:$EDGE_PORT --tls-listen 127.0.0.1:$EDGE_TLS_PORT --tls-cert-dir "$TMP/certs" --admin-listen 127.0.0.1:$ADMIN_PORT --admin-token bench \
  --allowed-private-origins "127.0.0.1:$ORIGIN_PORT" \
  --memory 1 --disk-dir "$TMP/edge-disk" --disk 64 > "$TMP/edge.log" 2>&1 & EDGE_PID=$!; PIDS+=($EDGE_PID)

# --- nginx: one worker, proxy_cache, its own dirs ---
mkdir -p "$TMP/nginx-cache" "$TMP/nginx-tmp"
USER_LINE=""
# As root, nginx would run its worker as nobody, which cannot write the cache under our private temp dir.
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$TMP/nginx.conf" <<CONF
$USER_LINE
worker_processes $NGINX_WORKERS;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  tcp_nopush off;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path $TMP/nginx-tmp/body;
  proxy_temp_path $TMP/nginx-tmp/proxy;
  fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
  uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
  scgi_temp_path $TMP/nginx-tmp/scgi;
  proxy_cache_path $TMP/nginx-cache levels=1:2 keys_zone=edge:10m max_size=1g inactive=60m use_temp_path=off;
  ssl_certificate $TMP/certs/default.crt;
  ssl_certificate_key $TMP/certs/default.key;
  ssl_protocols TLSv1.2 TLSv1.3;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    listen 127.0.0.1:$NGINX_TLS_PORT ssl;
    location / {
      proxy_pass http://127.0.0.1:$ORIGIN_PORT;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache edge;
      proxy_cache_valid 200 1h;
      proxy_cache_lock on;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
CONF
taskset -c $SERVER_CPUS nginx -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/nginx-error.log" & NGINX_PID=$!; PIDS+=($NGINX_PID)

wait_http() { # url
  for _ in $(seq 1 100); do curl -sk -o /dev/null -H "Host: $HOST" "$1" && return 0; sleep 0.2; done
  echo "edge-vs-nginx: $1 did not come up"; cat "$TMP/edge.log" "$TMP/nginx-error.log" 2>/dev/null | tail -20; exit 1
}
wait_http "http://127.0.0.1:$ORIGIN_PORT/1k"
wait_http "http://127.0.0.1:$EDGE_PORT/1k"
wait_http "http://127.0.0.1:$NGINX_PORT/1k"
wait_http "https://127.0.0.1:$EDGE_TLS_PORT/1k"
wait_http "https://127.0.0.1:$NGINX_TLS_PORT/1k"

cpu_ticks() { # pid and its children: utime + stime, in clock ticks
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    if [ -r "/proc/$p/stat" ]; then
      total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    fi
  done
  echo "$total"
}
TICK=$(getconf CLK_TCK)

to_ms() { # wrk latency like 812.00us / 1.20ms / 2.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

run_wrk() { # name pid url -> "rps p99ms cpu_us_per_req"
  local before after out rps p99 reqs
  before=$(cpu_ticks "$2")
  out=$(taskset -c $CLIENT_CPUS wrk -t$WRK_THREADS -c"$CONNECTIONS" -d"$DURATION" --latency -H "Host: $HOST" "$3")
  after=$(cpu_ticks "$2")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  awk -v r="$rps" -v p="$p99" -v t=$((after - before)) -v hz="$TICK" -v n="$reqs" \
    'BEGIN { printf "%s %s %.2f\n", r, p, (n > 0 ? t / hz * 1e6 / n : 0) }'
}

echo "# edge-vs-nginx: $(date -u +%FT%TZ), $(nproc) cores, $(uname -r), mode=$MODE, runs=$RUNS x $DURATION, -c$CONNECTIONS"
echo "# $(nginx -v 2>&1); $(java -version 2>&1 | head -1); edge JVM options: $EDGE_JAVA_OPTS"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-6s %-7s %12s %10s %14s\n" object server "req/s" "p99 ms" "cpu us/req"
declare -A RESULT
for obj in ${OBJECTS:-1k 16k 100k 1m 1k-tls 100k-tls}; do
  for server in edge nginx; do
    if [ $server = edge ]; then port=$EDGE_PORT; tls_port=$EDGE_TLS_PORT; pid=$EDGE_PID
    else port=$NGINX_PORT; tls_port=$NGINX_TLS_PORT; pid=$NGINX_PID; fi
    url="http://127.0.0.1:$port/$obj"
    [[ $obj == *-tls ]] && url="https://127.0.0.1:$tls_port/${obj%-tls}"
    for _ in 1 2 3 4 5; do curl -sk -o /dev/null -H "Host: $HOST" "$url"; done
    status=$(curl -sk -o /dev/null -D - -H "Host: $HOST" "$url" | awk -F': ' 'tolower($1) == "x-cache" {print $2}' | tr -d '\r')
    # JIT and page-cache warm-up; also lets the JVM's compiler threads go quiet before CPU time is counted.
    taskset -c $CLIENT_CPUS wrk -t$WRK_THREADS -c"$CONNECTIONS" -d"$WARMUP" -H "Host: $HOST" "$url" > /dev/null
    rps_list=(); p99_list=(); cpu_list=()
    for _ in $(seq 1 "$RUNS"); do
      read -r rps p99 cpu < <(run_wrk $server "$pid" "$url")
      rps_list+=("$rps"); p99_list+=("$p99"); cpu_list+=("$cpu")
    done
    rps=$(printf "%s\n" "${rps_list[@]}" | median)
    p99=$(printf "%s\n" "${p99_list[@]}" | median)
    cpu=$(printf "%s\n" "${cpu_list[@]}" | median)
    RESULT[$obj.$server]="$rps $p99 $cpu"
    printf "%-6s %-7s %12.0f %10.3f %14.2f   (X-Cache %s; runs req/s: %s)\n" "$obj" "$server" "$rps" "$p99" "$cpu" "$status" "${rps_list[*]}"
  done
  read -r er ep ec <<< "${RESULT[$obj.edge]}"
  read -r nr np nc <<< "${RESULT[$obj.nginx]}"
  awk -v o="$obj" -v er="$er" -v nr="$nr" -v ep="$ep" -v np="$np" -v ec="$ec" -v nc="$nc" 'BEGIN {
    printf "%-6s ours/nginx: req/s %.2f, p99 %.2f, cpu/req %.2f\n", o, er / nr, (np > 0 ? ep / np : 0), (nc > 0 ? ec / nc : 0) }'
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
