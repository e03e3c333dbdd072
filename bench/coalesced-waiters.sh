#!/usr/bin/env bash
# Coalesced waiters against the origin's time: 100 concurrent cold requests for one object, through our edge and
# through nginx's proxy_cache with proxy_cache_lock on (Varnish too when varnishd is installed), each answered by
# one origin fetch of an origin that waits ORIGIN_MS before it answers. For every run it reports, per server, the
# slowest, median and fastest waiter's time (request sent to last body byte) divided by the origin's own time for
# the same object fetched directly (cold, one request, same client), and how many requests reached the origin.
# Where the time goes: fill_at is when the origin saw the fill, in ms after the burst was sent (wall clocks of one
# machine); upstream_ms is the edge's own time from starting the fill to the origin's headers (its
# edge_upstream_first_byte_seconds); what is left of a waiter's time after fill_at + the origin's time is the
# edge waking its waiters and sending them the body. cpu_ms is the server's CPU time over the run (all threads,
# /proc/PID/task/*/schedstat; nginx: its worker), the figure least bound by a busy machine.
#
# Servers on core 0 (our edge: one JVM, one event loop; nginx: one worker), the origin and the client on core 1.
# The client opens all connections and sends one request for a cached object on each first, then sends the 100
# requests back to back, so connection set-up (the servers' accepting included) is not counted. Each run asks for
# a new URL (a cold key). Before the reported runs: WARM_BURSTS bursts on a 20 ms origin (a JVM compiles its hot
# paths after some thousand calls), then WARMUP runs; neither is reported.
#
# The waiters' times include the 100 requests' own processing at the server, so on a machine whose cores other
# work shares they move with that work: compare servers within one invocation, over several runs.
#
# Usage: bench/coalesced-waiters.sh          (from the repository root, after `mvn -pl edge-runtime verify`)
#        RUNS=7 WARMUP=3 WARM_BURSTS=200 WAITERS=100 ORIGIN_MS=500 SIZE=16384 bench/coalesced-waiters.sh
#        ONLY=edge bench/coalesced-waiters.sh     (one server only: edge, nginx or varnish)
#        JAR=/tmp/before.jar bench/coalesced-waiters.sh   (another build of the edge, e.g. to compare before/after)
# It installs nothing; it stops every process it started (by PID), also on failure or Ctrl-C.
set -euo pipefail

RUNS=${RUNS:-5}
WARMUP=${WARMUP:-5}
WARM_BURSTS=${WARM_BURSTS:-200}
WAITERS=${WAITERS:-100}
ORIGIN_MS=${ORIGIN_MS:-500}
SIZE=${SIZE:-16384}
EDGE_JAVA_OPTS=${EDGE_JAVA_OPTS:--Xms256m -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+UseParallelGC -Dreactor.netty.ioWorkerCount=1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/edge-runtime/target/edge-runtime-0.1.0-SNAPSHOT-exec.jar"}

missing=()
for tool in nginx taskset java python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "coalesced-waiters: missing ${missing[*]}; nothing was run."
  exit 0
fi
if [ ! -f "$JAR" ]; then
  echo "coalesced-waiters: $JAR not found; build it first:  mvn -o -q -B -pl edge-runtime verify"
  exit 0
fi

source "$ROOT/bench/lib.sh"
bench_start coalesced-waiters

ORIGIN_PORT=$(free_port); EDGE_PORT=$(free_port); ADMIN_PORT=$(free_port); NGINX_PORT=$(free_port)
VARNISH_PORT=$(free_port)
HOST=bench.localhost

# --- origin: answers every GET after ORIGIN_MS, with SIZE bytes cacheable for an hour; counts requests ---
cat > "$TMP/origin.py" <<PY
import asyncio, re, time
COUNT = {"n": 0, "last": 0.0}
BODY = b"x" * $SIZE
async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1]
            if path in (b"/count", b"/last"):
                body = (str(COUNT["n"]) if path == b"/count" else "%.6f" % COUNT["last"]).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
                continue
            COUNT["n"] += 1
            COUNT["last"] = time.time()
            # Warm-up bursts ask for a shorter wait (?d=MS), so the servers see many fills before the measured runs.
            wait = re.search(rb"[?&]d=(\d+)", path)
            delay = int(wait.group(1)) if wait else $ORIGIN_MS
            await asyncio.sleep(delay / 1000)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nCache-Control: max-age=3600\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", $ORIGIN_PORT, backlog=1024)
    async with server:
        await server.serve_forever()
asyncio.run(main())
PY
taskset -c 1 python3 "$TMP/origin.py" & PIDS+=($!)

# --- the client: WAITERS connections opened first, then one request on each, back to back ---
cat > "$TMP/waiters.py" <<'PY'
import asyncio, sys, time
port, host, path, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
async def one(reader, writer, start, target=None):
    writer.write(("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (target or path, host)).encode())
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    status = int(head.split(b" ", 2)[1])
    return time.perf_counter() - start, status
async def main():
    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(n)]
    # One request on each connection first (a cached object): the server has accepted and set up every connection
    # before the measured burst, so the burst measures coalescing, not connection set-up.
    if n > 1:
        await asyncio.gather(*(one(r, w, 0, "/warm") for r, w in conns))
    start = time.perf_counter()
    wall = time.time()
    results = await asyncio.gather(*(one(r, w, start) for r, w in conns))
    for r, w in conns:
        w.close()
    bad = [s for _, s in results if s != 200]
    if bad:
        print("non-200 answers: %s" % bad, file=sys.stderr)
    print("%.6f" % wall, " ".join("%.6f" % t for t, _ in results))
asyncio.run(main())
PY
waiters() { taskset -c 1 python3 "$TMP/waiters.py" "$1" "$HOST" "$2" "$3"; }
origin_count() { python3 -c "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:$ORIGIN_PORT/count').read().decode())"; }
# CPU time of a process, all its threads, in ms (schedstat: nanoseconds on the CPU).
cpu_ms() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.1f", s / 1e6}'; }
origin_last() { python3 -c "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:$ORIGIN_PORT/last').read().decode())"; }
# The edge's own sum of times from sending a fill to the origin's headers (edge_upstream_first_byte_seconds).
edge_upstream_s() {
  python3 - "$ADMIN_PORT" <<'PY'
import sys, urllib.request
req = urllib.request.Request("http://127.0.0.1:%s/metrics" % sys.argv[1], headers={"Authorization": "Bearer bench"})
text = urllib.request.urlopen(req).read().decode()
print(sum(float(l.rsplit(" ", 1)[1]) for l in text.splitlines()
          if l.startswith("edge_upstream_first_byte_seconds_sum") and 'tier="origin"' in l))
PY
}

# --- our edge ---
cat > "$TMP/edge.json" <<JSON
{"services":[{"id":"bench","tenantId":"t","name":"bench","version":1,"domains":["$HOST"],
  "origins":[{"name":"o1","host":"127.0.0.1","port":$ORIGIN_PORT,"tls":false,"connectTimeoutMs":1000,"readTimeoutMs":5000}],
  "rules":[],"settings":{"shieldEnabled":false,"maxObjectBytes":4194304}}]}
JSON
# shellcheck disable=SC2086
taskset -c 0 java $EDGE_JAVA_OPTS -jar "$JAR" --config "$TMP/edge.json" --listen 127.0.0.1:$EDGE_PORT \
  --admin-listen 127.0.0.1:$ADMIN_PORT --admin-token bench --allowed-private-origins "127.0.0.1:$ORIGIN_PORT" \
  --memory 64 > "$TMP/edge.log" 2>&1 & EDGE_PID=$!; PIDS+=($EDGE_PID)

# --- nginx: one worker, proxy_cache with proxy_cache_lock ---
mkdir -p "$TMP/nginx-cache" "$TMP/nginx-tmp"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$TMP/nginx.conf" <<CONF
$USER_LINE
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  tcp_nopush off;
  client_body_temp_path $TMP/nginx-tmp/body;
  proxy_temp_path $TMP/nginx-tmp/proxy;
  fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
  uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
  scgi_temp_path $TMP/nginx-tmp/scgi;
  proxy_cache_path $TMP/nginx-cache levels=1:2 keys_zone=edge:10m max_size=1g inactive=60m use_temp_path=off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://127.0.0.1:$ORIGIN_PORT;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache edge;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 5s;
      proxy_cache_lock_age 5s;
    }
  }
}
CONF
taskset -c 0 nginx -c "$TMP/nginx.conf" & NGINX_PID=$!; PIDS+=($NGINX_PID)

SERVERS="edge:$EDGE_PORT nginx:$NGINX_PORT"
if command -v varnishd >/dev/null 2>&1; then
  cat > "$TMP/default.vcl" <<VCL
vcl 4.1;
backend origin { .host = "127.0.0.1"; .port = "$ORIGIN_PORT"; }
VCL
  chmod a+rx "$TMP"; chmod a+r "$TMP/default.vcl" # run as root, varnishd reads its VCL as its own unprivileged user
  taskset -c 0 varnishd -F -a 127.0.0.1:$VARNISH_PORT -f "$TMP/default.vcl" -n "$TMP/varnish" -s malloc,64m \
    -p thread_pools=1 > "$TMP/varnish.log" 2>&1 & VARNISH_PID=$!; PIDS+=($VARNISH_PID)
  SERVERS="$SERVERS varnish:$VARNISH_PORT"
fi

for port in $EDGE_PORT $NGINX_PORT ${VARNISH_PID:+$VARNISH_PORT}; do # varnishd starts its child a moment later
  for _ in $(seq 1 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
    sleep 0.1
  done
done

printf '%s waiters, origin answers after %s ms with %s bytes; ratios are waiter time / direct origin time\n' \
  "$WAITERS" "$ORIGIN_MS" "$SIZE"
printf '%-8s %4s %9s %11s %7s %7s %8s %8s %8s %8s\n' server run origin_ms upstream_ms fill_at cpu_ms slowest median fastest fetches
run_id=0
for server in $SERVERS; do
  name=${server%%:*}; port=${server##*:}
  case " ${ONLY:-$name} " in *" $name "*) ;; *) continue ;; esac
  # A JVM compiles its hot paths after some thousand calls: WARM_BURSTS bursts of coalesced misses on a 20 ms
  # origin first (the same for every server), so the measured runs see a warm server, as a serving edge is.
  for w in $(seq 1 "$WARM_BURSTS"); do
    waiters "$port" "/warmfill?w=$w&d=20" "$WAITERS" > /dev/null 2>&1
  done
  for i in $(seq 1 $((WARMUP + RUNS))); do
    run_id=$((run_id + 1))
    origin_s=$(waiters "$ORIGIN_PORT" "/direct?r=$run_id" 1 | cut -d' ' -f2)
    case $name in edge) pid=$EDGE_PID ;; nginx) pid=$(pgrep -P "$NGINX_PID" | head -1) ;; *) pid=$VARNISH_PID ;; esac
    cpu_before=$(cpu_ms "$pid")
    before=$(origin_count)
    up_before=0; [ "$name" = edge ] && up_before=$(edge_upstream_s)
    times=$(waiters "$port" "/obj?r=$run_id" "$WAITERS")
    fetches=$(( $(origin_count) - before ))
    fill_at=$(origin_last)
    cpu=$(python3 -c "print('%.1f' % ($(cpu_ms "$pid") - $cpu_before))")
    # Only the edge says how long it waited for the origin's headers; "-" for the peers.
    upstream=-; [ "$name" = edge ] && upstream=$(python3 -c "print('%.1f' % (($(edge_upstream_s) - $up_before) * 1000))")
    [ "$i" -le "$WARMUP" ] && continue
    python3 - "$name" "$((i - WARMUP))" "$origin_s" "$fetches" "$upstream" "$cpu" "$fill_at" $times <<'PY'
import statistics, sys
name, run, origin, fetches, upstream, cpu = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
fill_at, wall = float(sys.argv[7]), float(sys.argv[8])
t = sorted(float(x) for x in sys.argv[9:])
print("%-8s %4s %9.1f %11s %7.1f %7s %8.3f %8.3f %8.3f %8s" % (name, run, origin * 1000, upstream,
      (fill_at - wall) * 1000, cpu, t[-1] / origin, statistics.median(t) / origin, t[0] / origin, fetches))
PY
  done
done
