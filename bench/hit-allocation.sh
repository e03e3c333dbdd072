#!/usr/bin/env bash
# Allocation per 1 KiB RAM hit of our edge, and where it comes from: starts a loopback origin and the edge (its own
# JVM, pinned to core 0; wrk or h2load on core 1), warms it until the edge has spent WARM_CPU seconds of CPU (a JVM
# allocates more until the JIT has compiled the hit path), then for DUR seconds reads the bytes every thread allocated
# (bench/AllocatedBytes.java, before and after), counts the GC pauses in the edge's -Xlog:gc log, and (JFR=1) records
# a JFR allocation profile of that window: every TLAB's first allocation sampled, with its stack
# (bench/allocation.jfc); bench/allocation-sites.py groups it by allocating site. docs/benchmarks.md, "Run H".
#
# Usage: bench/hit-allocation.sh JAR LABEL http|tls|h2 [extra JVM options]     (results in /tmp/hit-allocation/LABEL)
#        OPTS="-Xmx256m -XX:+UseG1GC" JFR=0 DUR=10 bench/hit-allocation.sh edge-runtime/target/*-exec.jar g1 http
# It stops what it started (by PID).
set -euo pipefail
JAR=$1; LABEL=$2; PROTO=${3:-http}; shift 3 || true
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OPTS=${OPTS:--Xms256m -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+UseParallelGC -Dreactor.netty.ioWorkerCount=1}
WARM=${WARM:-20}; DUR=${DUR:-15}; JFR=${JFR:-1}
D=/tmp/hit-allocation/$LABEL; rm -rf $D; mkdir -p $D
source "$ROOT/bench/lib.sh"  # free_port
OP=$(free_port); EP=$(free_port); AP=$(free_port); TP=$(free_port)
HOST=bench.localhost
mkdir -p $D/certs
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=$HOST" \
  -addext "subjectAltName=DNS:$HOST" -keyout "$D/certs/default.key" -out "$D/certs/default.crt" 2>/dev/null
python3 "$ROOT/bench/origin.py" $OP & OPID=$!
cat > $D/edge.json <<JSON
{"services":[{"id":"bench","tenantId":"t","name":"bench","version":1,"domains":["$HOST"],
  "origins":[{"name":"o1","host":"127.0.0.1","port":$OP,"tls":false,"connectTimeoutMs":1000,"readTimeoutMs":5000}],
  "rules":[],"settings":{"shieldEnabled":false,"maxObjectBytes":4194304}}]}
JSON
taskset -c 0 java $OPTS "$@" -Xlog:gc:file=$D/gc.log:uptime -jar $JAR --config $D/edge.json --listen 127.0.0.1:$EP \
  --tls-listen 127.0.0.1:$TP --tls-cert-dir $D/certs --admin-listen 127.0.0.1:$AP --admin-token bench \
  --allowed-private-origins 127.0.0.1:$OP --memory 8 > $D/edge.log 2>&1 & EPID=$!
trap 'kill $EPID $OPID 2>/dev/null; wait $EPID $OPID 2>/dev/null' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null -H "Host: $HOST" http://127.0.0.1:$EP/1k && break; sleep 0.2; done
for _ in $(seq 1 300); do curl -sk -o /dev/null -H "Host: $HOST" https://127.0.0.1:$TP/1k && break; sleep 0.2; done
case $PROTO in
  http) URL=http://127.0.0.1:$EP/1k ;;
  tls|h2) URL=https://127.0.0.1:$TP/1k ;;
esac
curl -sk -o /dev/null -D - -H "Host: $HOST" $URL | head -20 > $D/headers.txt
load() { # seconds
  if [ $PROTO = h2 ]; then taskset -c 1 h2load -c32 -m1 -t1 -D $1 -H ":authority: $HOST" $URL
  else taskset -c 1 wrk -t1 -c32 -d${1}s -H "Host: $HOST" $URL; fi
}
cpu() { awk '{print $14 + $15}' /proc/$EPID/stat; }
W0=$(cpu); for _ in $(seq 1 30); do load 5 > $D/warm.txt; [ $(( $(cpu) - W0 )) -ge $(( ${WARM_CPU:-15} * 100 )) ] && break; done
echo "warm cpu ticks: $(( $(cpu) - W0 ))" > $D/warmcpu.txt
javac -d $D "$ROOT/bench/AllocatedBytes.java"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" > $D/summary.txt
G0=$(wc -l < $D/gc.log)
A0=$(java -cp $D AllocatedBytes $EPID)
[ $JFR = 1 ] && jcmd $EPID JFR.start name=a settings="$ROOT/bench/allocation.jfc" filename=$D/rec.jfr > /dev/null
load $DUR > $D/load.txt
[ $JFR = 1 ] && jcmd $EPID JFR.stop name=a > /dev/null
A1=$(java -cp $D AllocatedBytes $EPID)
if [ $PROTO = h2 ]; then REQS=$(awk '/^requests:/ {print $8}' $D/load.txt); else REQS=$(awk '/requests in/ {print $1}' $D/load.txt); fi
GCS=$(tail -n +$((G0+1)) $D/gc.log | grep -c Pause || true)
GCMAX=$(tail -n +$((G0+1)) $D/gc.log | awk '/Pause/ { v = $NF; sub(/ms$/, "", v); if (v + 0 > m) m = v + 0 } END {print m+0}')
echo "reqs=$REQS alloc/req=$(( (A1 - A0) / REQS )) gc_pauses=$GCS max_ms=$GCMAX" >> $D/summary.txt
grep -E 'Requests/sec|finished in' $D/load.txt >> $D/summary.txt
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> $D/summary.txt
cat $D/summary.txt
