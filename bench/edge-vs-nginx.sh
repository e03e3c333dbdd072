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
# The HTTP/2 rows (1k-h2, 100k-h2) fetch them over TLS with ALPN h2 (our edge's TLS listener; nginx `listen ... ssl
# http2`), with h2load (nghttp2-client) in place of wrk: the same connections, one stream in flight on each; skipped
# when h2load is not installed.
# Beside p99 it reports p99.9 (wrk: a Lua done() hook reads its latency histogram; h2load: its per-request log), and
# for our edge the bytes allocated per request (every thread's ThreadMXBean allocated bytes, read through the attach
# API before and after a run), the GC pauses during the runs (from its -Xlog:gc log) and its JIT compiler threads' CPU
# time in each run: the usual causes of a p99.9 far above p99, and of a p99 far above nginx's while the JIT is busy.
# For both servers it reports the load tool's CPU in each run: near 100% per client thread, the client sets the pace;
# and the kernel's share of the server's CPU per request (stime: system calls, TCP and, over loopback, roughly part of
# the receiving side's protocol work too, as the kernel accounts softirqs) and the TCP segments sent per request (both
# directions, counted host-wide from /proc/net/snmp).
#
# Usage: bench/edge-vs-nginx.sh            (from the repository root, after `mvn -pl edge-runtime verify`)
#        RUNS=5 DURATION=10s WARMUP=10s CONNECTIONS=32 EDGE_JAVA_OPTS="-Xmx512m" bench/edge-vs-nginx.sh
#        MODE=2core OBJECTS="1k 16k 100k" bench/edge-vs-nginx.sh
#        RATE=25000 OBJECTS="1k 100k 1k-tls 1k-h2" bench/edge-vs-nginx.sh   (both servers at one offered load; h2load)
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
WARMUP_CPU=${WARMUP_CPU:-5}  # seconds of server CPU time the warm-up of each object must reach
# The warm-up of our edge also goes on until its JIT compiler threads spent at most WARMUP_JIT_PERMILLE of a warm-up
# round's time (default 5 per mille: 50 ms of a 10 s round) in two rounds in a row (compiles come in bursts): a C2
# compile on the server's one core takes the event loop's time slices, and requests waiting meanwhile set the p99
# (docs/benchmarks.md, run O).
WARMUP_JIT_PERMILLE=${WARMUP_JIT_PERMILLE:-5}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-20}  # the most warm-up rounds per object and server
CONNECTIONS=${CONNECTIONS:-32}
# RATE=N: the timed runs offer N requests/s in all (N/CONNECTIONS per connection, h2load --rps; --h1 for the
# HTTP/1.1 rows) instead of as many as the servers answer, so both servers' latencies are measured at the same load.
# Without it, a faster server also runs the client hotter, and its p99 holds the client's queueing too.
RATE=${RATE:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${EDGE_JAR:-"$ROOT/edge-runtime/target/edge-runtime-0.1.0-SNAPSHOT-exec.jar"}  # EDGE_JAR: compare two builds
EDGE_ARGS=${EDGE_ARGS:-}  # extra edge flags, e.g. EDGE_ARGS="--tls-provider jdk"

missing=()
for tool in nginx wrk taskset java javac python3 curl openssl; do
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

H2LOAD=$(command -v h2load || true)
OBJECT_LIST=${OBJECTS:-1k 16k 100k 1m 1k-tls 100k-tls 1k-h2 100k-h2}
if [ -z "$H2LOAD" ] && [[ " $OBJECT_LIST " == *-h2* ]]; then
  echo "edge-vs-nginx: h2load not found, the HTTP/2 rows are skipped (sudo apt-get install -y nghttp2-client)"
  OBJECT_LIST=$(printf "%s\n" $OBJECT_LIST | grep -v -- '-h2$' | tr '\n' ' ')
fi
if [ -n "$RATE" ] && [ -z "$H2LOAD" ]; then
  echo "edge-vs-nginx: RATE needs h2load (sudo apt-get install -y nghttp2-client); nothing was run."
  exit 0
fi

source "$ROOT/bench/lib.sh"
bench_start edge-vs-nginx

ORIGIN_PORT=$(free_port); EDGE_PORT=$(free_port); ADMIN_PORT=$(free_port); NGINX_PORT=$(free_port)
EDGE_TLS_PORT=$(free_port); NGINX_TLS_PORT=$(free_port)
HOST=bench.localhost

# --- one certificate for both servers (PKCS#8 key, as the edge's certificate directory wants) ---
mkdir -p "$TMP/certs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=$HOST" \
  -addext "subjectAltName=DNS:$HOST" -keyout "$TMP/certs/default.key" -out "$TMP/certs/default.crt" 2>/dev/null

# --- origin: fixed bodies, cacheable for an hour ---
taskset -c 1 python3 "$ROOT/bench/origin.py" "$ORIGIN_PORT" & PIDS+=($!)

# --- our edge: standalone, config file; a 1 MiB RAM tier (holds the 1 KiB and 100 KiB objects) plus a disk tier ---
cat > "$TMP/edge.json" <<JSON
{"services":[{"id":"bench","tenantId":"t","name":"bench","version":1,"domains":["$HOST"],
  "origins":[{"name":"o1","host":"127.0.0.1","port":$ORIGIN_PORT,"tls":false,"connectTimeoutMs":1000,"readTimeoutMs":5000}],
  "rules":[],"settings":{"shieldEnabled":false,"maxObjectBytes":4194304}}]}
JSON
# The 1 MiB object is larger than what admission lets into a 1 MiB RAM tier, so it is served from disk (sendfile).
# shellcheck disable=SC2086
taskset -c $SERVER_CPUS java $EDGE_JAVA_OPTS -Xlog:gc:file="$TMP/edge-gc.log":uptime -jar "$JAR" --config "$TMP/edge.json" \
  --listen 127.0.0.1:$EDGE_PORT --tls-listen 127.0.0.1:$EDGE_TLS_PORT --tls-cert-dir "$TMP/certs" --admin-listen 127.0.0.1:$ADMIN_PORT --admin-token bench \
  --allowed-private-origins "127.0.0.1:$ORIGIN_PORT" \
  --memory 1 --disk-dir "$TMP/edge-disk" --disk 64 $EDGE_ARGS > "$TMP/edge.log" 2>&1 & EDGE_PID=$!; PIDS+=($EDGE_PID)

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
    listen 127.0.0.1:$NGINX_TLS_PORT ssl http2;
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
  for _ in $(seq 1 600); do curl -sk -o /dev/null -H "Host: $HOST" "$1" && return 0; sleep 0.2; done # 2 min: a JVM starts slowly on a loaded machine
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
sys_ticks() { # pid and its children: stime alone (the kernel's share: system calls, TCP, some of the loopback's receive side)
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
tcp_segments() { # TCP segments this host has sent so far (loopback: both directions of every connection)
  awk '$1 == "Tcp:" { if (!h) { for (i = 2; i <= NF; i++) if ($i == "OutSegs") c = i; h = 1 } else print (c ? $c : 0) }' /proc/net/snmp
}
TICK=$(getconf CLK_TCK)
jit_ticks() { # pid: CPU ticks of its JIT compiler threads (a JVM's "C1 CompilerThre"/"C2 CompilerThre"; 0 for nginx)
  local total=0 t
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) total=$((total + $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo "$total"
}

to_ms() { # wrk latency like 812.00us / 1.20ms / 2.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# wrk prints p99.9 only through a script: its done() hook reads the latency histogram (microseconds).
cat > "$TMP/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("PERCENTILES %d %.1f %.1f\n", summary.requests, latency:percentile(99), latency:percentile(99.9)))
end
LUA
javac -d "$TMP" "$ROOT/bench/AllocatedBytes.java"
allocated() { # pid -> bytes allocated by its live threads so far (our edge only; "0" for nginx)
  if [ "$1" = "$EDGE_PID" ]; then java -cp "$TMP" AllocatedBytes "$1" 2>/dev/null || echo 0; else echo 0; fi
}
gc_lines() { if [ -f "$TMP/edge-gc.log" ]; then wc -l < "$TMP/edge-gc.log"; else echo 0; fi; }
gc_pauses() { # first line -> "count max_ms" of the GC pauses logged since
  tail -n +"$1" "$TMP/edge-gc.log" 2>/dev/null | awk '/Pause/ { n++; v = $NF; sub(/ms$/, "", v); if (v + 0 > m) m = v + 0 }
    END { printf "%d %.1f\n", n, m }'
}

# The load tool's CPU over its run, in % of one core (bash's `time` of the last run, in $TMP/client-time): near 100 per
# client thread, the client is the bottleneck, and latencies hold its own queueing as well as the server's.
TIMEFORMAT='CLIENT %R %U %S'
client_percent() {
  awk '$1 == "CLIENT" && $2 > 0 { c = ($3 + $4) / $2 * 100 } END { printf "%.0f\n", c }' "$TMP/client-time" 2>/dev/null || echo 0
}

# One timed run of a load tool against a server: "rps p99ms p999ms cpu_us_per_req alloc_bytes_per_req gcs gc_max_ms
# jit_ms client_cpu_percent sys_us_per_req tcp_segments_per_req".
run_load() { # server pid url h2
  local before after a0 a1 g0 j0 k0 s0 out rps p99 p999 reqs secs
  a0=$(allocated "$2"); g0=$(( $(gc_lines) + 1 )); j0=$(jit_ticks "$2")
  k0=$(sys_ticks "$2"); s0=$(tcp_segments)
  before=$(cpu_ticks "$2")
  if [ "$4" = h2 ] || [ -n "$RATE" ]; then
    secs=${DURATION%s}
    local h2load_args=()
    [ "$4" = h2 ] || h2load_args+=(--h1)
    [ -n "$RATE" ] && h2load_args+=(--rps=$((RATE / CONNECTIONS)))
    # bounded: h2load 1.52 can hang when its duration ends before every connection is up
    out=$( { time timeout $((secs + 30)) taskset -c $CLIENT_CPUS "$H2LOAD" -c"$CONNECTIONS" -m1 -t$WRK_THREADS -D "$secs" \
      "${h2load_args[@]}" --log-file "$TMP/h2load.log" -H ":authority: $HOST" "$3"; } 2> "$TMP/client-time")
    after=$(cpu_ticks "$2")
    rps=$(echo "$out" | awk '/^finished in/ {print $4}')
    reqs=$(echo "$out" | awk '/^requests:/ {print $8}')
    read -r p99 p999 < <(awk -F'\t' '{print $3}' "$TMP/h2load.log" | sort -n |
      awk '{a[NR] = $1} END { if (NR == 0) { print 0, 0; exit } i = int(NR * 0.99); j = int(NR * 0.999);
        if (i < 1) i = 1; if (j < 1) j = 1; printf "%.3f %.3f\n", a[i] / 1000, a[j] / 1000 }')
  else
    out=$( { time taskset -c $CLIENT_CPUS wrk -t$WRK_THREADS -c"$CONNECTIONS" -d"$DURATION" -s "$TMP/percentiles.lua" \
      -H "Host: $HOST" "$3"; } 2> "$TMP/client-time")
    after=$(cpu_ticks "$2")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    read -r reqs p99 p999 < <(echo "$out" | awk '$1 == "PERCENTILES" { printf "%d %.3f %.3f\n", $2, $3 / 1000, $4 / 1000 }')
  fi
  local k1 s1
  k1=$(sys_ticks "$2"); s1=$(tcp_segments)
  a1=$(allocated "$2")
  read -r gcs gcmax < <(if [ "$2" = "$EDGE_PID" ]; then gc_pauses "$g0"; else echo "0 0"; fi)
  awk -v r="$rps" -v p="$p99" -v q="$p999" -v t=$((after - before)) -v hz="$TICK" -v n="$reqs" -v a=$((a1 - a0)) \
    -v g="$gcs" -v gm="$gcmax" -v j=$(( $(jit_ticks "$2") - j0 )) -v c="$(client_percent)" -v k=$((k1 - k0)) \
    -v sg=$((s1 - s0)) 'BEGIN { printf "%s %s %s %.2f %.0f %s %s %.0f %s %.2f %.2f\n", r, p, q,
      (n > 0 ? t / hz * 1e6 / n : 0), (n > 0 ? a / n : 0), g, gm, j * 1000 / hz, c, (n > 0 ? k / hz * 1e6 / n : 0),
      (n > 0 ? sg / n : 0) }'
}

echo "# edge-vs-nginx: $(date -u +%FT%TZ), $(nproc) cores, $(uname -r), mode=$MODE, runs=$RUNS x $DURATION, -c$CONNECTIONS${RATE:+, offered rate $RATE req/s (h2load --rps)}"
echo "# $(nginx -v 2>&1); $(java -version 2>&1 | head -1); edge JVM options: $EDGE_JAVA_OPTS"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-8s %-6s %10s %9s %9s %11s %12s\n" object server "req/s" "p99 ms" "p99.9 ms" "cpu us/req" "alloc B/req"
declare -A RESULT
for obj in $OBJECT_LIST; do
  for server in edge nginx; do
    if [ $server = edge ]; then port=$EDGE_PORT; tls_port=$EDGE_TLS_PORT; pid=$EDGE_PID
    else port=$NGINX_PORT; tls_port=$NGINX_TLS_PORT; pid=$NGINX_PID; fi
    url="http://127.0.0.1:$port/$obj"; h2=""; curl_proto=""
    [[ $obj == *-tls ]] && { url="https://127.0.0.1:$tls_port/${obj%-tls}"; curl_proto=--http1.1; } # as wrk speaks
    [[ $obj == *-h2 ]] && { url="https://127.0.0.1:$tls_port/${obj%-h2}"; h2=h2; curl_proto=--http2; }
    for _ in 1 2 3 4 5; do curl -sk $curl_proto -o /dev/null -H "Host: $HOST" "$url"; done
    status=$(curl -sk $curl_proto -o /dev/null -D - -H "Host: $HOST" "$url" |
      awk -F': ' 'tolower($1) == "x-cache" {print $2} /^HTTP\// {p = $1} END {print p}' | tr -d '\r' | tr '\n' ' ')
    # JIT and page-cache warm-up; also lets the JVM's compiler threads go quiet before CPU time is counted. Repeated
    # until the server has spent WARMUP_CPU seconds of CPU on it and its JIT compiler threads took at most
    # WARMUP_JIT_PERMILLE of each of the last two rounds (at most WARMUP_ROUNDS rounds): on a loaded machine a few
    # wall-clock seconds give the JIT a fraction of that, and the first timed run then measures a half-compiled edge
    # whose compiles take the event loop's core in slices.
    # The first attach to the edge (allocated) loads the JVM's management agent into it (classes loaded, code run and
    # compiled): here, before the warm-up, rather than just before the first timed run.
    allocated "$pid" > /dev/null
    warm_start=$(cpu_ticks "$pid"); warm_rounds=0; quiet_rounds=0
    for _ in $(seq 1 "$WARMUP_ROUNDS"); do
      jit_start=$(jit_ticks "$pid"); warm_rounds=$((warm_rounds + 1))
      if [ -n "$h2" ]; then
        timeout $((${WARMUP%s} + 30)) taskset -c $CLIENT_CPUS "$H2LOAD" -c"$CONNECTIONS" -m1 -t$WRK_THREADS -D "${WARMUP%s}" \
          --warm-up-time 1 -H ":authority: $HOST" "$url" > /dev/null || true
      else
        taskset -c $CLIENT_CPUS wrk -t$WRK_THREADS -c"$CONNECTIONS" -d"$WARMUP" -H "Host: $HOST" "$url" > /dev/null
      fi
      jit_round=$(( $(jit_ticks "$pid") - jit_start ))
      if [ $(( jit_round * 1000 )) -le $(( WARMUP_JIT_PERMILLE * ${WARMUP%s} * TICK )) ]; then
        quiet_rounds=$((quiet_rounds + 1))
      else
        quiet_rounds=0
      fi
      [ $(( $(cpu_ticks "$pid") - warm_start )) -ge $(( WARMUP_CPU * TICK )) ] && [ "$quiet_rounds" -ge 2 ] && break
    done
    warm_note="warm-up $warm_rounds rounds, JIT $((jit_round * 1000 / TICK)) ms in the last"
    [ $server = edge ] || warm_note="warm-up $warm_rounds rounds"
    rps_list=(); p99_list=(); p999_list=(); cpu_list=(); alloc_list=(); gc_list=(); jit_list=(); client_list=()
    sys_list=(); seg_list=()
    for _ in $(seq 1 "$RUNS"); do
      read -r rps p99 p999 cpu alloc gcs gcmax jit client sys segs < <(run_load $server "$pid" "$url" "$h2")
      jit_list+=("$jit"); client_list+=("$client%"); sys_list+=("$sys"); seg_list+=("$segs")
      rps_list+=("$rps"); p99_list+=("$p99"); p999_list+=("$p999"); cpu_list+=("$cpu"); alloc_list+=("$alloc")
      gc_list+=("$gcs/${gcmax}ms")
    done
    rps=$(printf "%s\n" "${rps_list[@]}" | median)
    p99=$(printf "%s\n" "${p99_list[@]}" | median)
    p999=$(printf "%s\n" "${p999_list[@]}" | median)
    cpu=$(printf "%s\n" "${cpu_list[@]}" | median)
    alloc=$(printf "%s\n" "${alloc_list[@]}" | median)
    RESULT[$obj.$server]="$rps $p99 $p999 $cpu"
    printf "%-8s %-6s %10.0f %9.3f %9.3f %11.2f %12.0f   (%s; runs req/s: %s; p99.9: %s; GC pauses/max: %s)\n" \
      "$obj" "$server" "$rps" "$p99" "$p999" "$cpu" "$alloc" "$status" "${rps_list[*]}" "${p999_list[*]}" "${gc_list[*]}; $warm_note; JIT ms per run: ${jit_list[*]}; client CPU per run: ${client_list[*]}; of the CPU us/req, in the kernel: ${sys_list[*]}; TCP segments/req: ${seg_list[*]}"
  done
  read -r er ep eq ec <<< "${RESULT[$obj.edge]}"
  read -r nr np nq nc <<< "${RESULT[$obj.nginx]}"
  awk -v o="$obj" -v er="$er" -v nr="$nr" -v ep="$ep" -v np="$np" -v eq="$eq" -v nq="$nq" -v ec="$ec" -v nc="$nc" 'BEGIN {
    printf "%-8s ours/nginx: req/s %.2f, p99 %.2f, p99.9 %.2f, cpu/req %.2f; ours p99.9/p99 %.2f\n", o, er / nr,
      (np > 0 ? ep / np : 0), (nq > 0 ? eq / nq : 0), (nc > 0 ? ec / nc : 0), (ep > 0 ? eq / ep : 0) }'
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
