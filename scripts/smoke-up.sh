#!/usr/bin/env bash
# Proves the README's quick start on this machine: `./cdn up --demo` starts everything, the demo domain answers
# through the edge (MISS, then HIT), a purge through the API makes it miss again, and `./cdn down` leaves no
# process behind. Uses spare ports and its own state folder so it never touches a developer's running platform.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/cdn-smoke.XXXXXX)"
export CDN_STATE_DIR="$WORK/state"
export CDN_API_PORT=18080 CDN_PORTAL_PORT=18081 CDN_EDGE_PORT=18000 CDN_SHIELD_PORT=18001
export CDN_EDGE_ADMIN_PORT=19000 CDN_SHIELD_ADMIN_PORT=19001 CDN_ORIGIN_PORT=18090 CDN_PG_PORT=15488
unset CDN_DB_URL

fail() {
  echo "smoke: FAILED: $*" >&2
  echo "--- ./cdn up output" >&2; tail -40 "$WORK/up.out" >&2 || true
  for f in "$CDN_STATE_DIR"/run/current/*.log; do echo "--- $f" >&2; tail -30 "$f" >&2; done 2>/dev/null || true
  "$ROOT/cdn" down >/dev/null 2>&1 || true
  exit 1
}

"$ROOT/cdn" up --demo >"$WORK/up.out" 2>&1 &
UP_PID=$!
for _ in $(seq 1 600); do
  grep -q "Press Ctrl-C" "$WORK/up.out" 2>/dev/null && break
  kill -0 "$UP_PID" 2>/dev/null || fail "./cdn up exited early"
  sleep 0.5
done
grep -q "Press Ctrl-C" "$WORK/up.out" || fail "./cdn up did not come up within 300 s"
TOKEN="$(sed -n 's/^  Demo API token //p' "$WORK/up.out")"
SERVICE="$(sed -n 's/^service=//p' "$CDN_STATE_DIR/run/current/demo.env")"
[[ -n "$TOKEN" && -n "$SERVICE" ]] || fail "no demo token or service printed"

header() { curl -s -o /dev/null -D - -H 'Host: demo.localhost' "http://127.0.0.1:$CDN_EDGE_PORT$1" | tr -d '\r' | sed -n "s/^$2: //Ip" | head -1; }

# The demo seeding already fetched / once; purge it so this test starts cold. The API answers 202 at once and the
# edges apply the purge moments later: wait until it is complete, or it could land between the two GETs below.
PURGE_ID="$(curl -fsS -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"all":true}' "http://127.0.0.1:$CDN_API_PORT/v1/services/$SERVICE/purge" \
  | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')" || fail "purge all refused"
[[ -n "$PURGE_ID" ]] || fail "purge all answered no id"
for _ in $(seq 1 100); do
  curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$CDN_API_PORT/v1/purges/$PURGE_ID" \
    | grep -q '"status":"complete"' && break
  sleep 0.1
done
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$CDN_API_PORT/v1/purges/$PURGE_ID" \
  | grep -q '"status":"complete"' || fail "purge all not complete within 10 s"
first="$(header /static/smoke.css X-Cache)"; second="$(header /static/smoke.css X-Cache)"
[[ "$first" == "MISS" ]] || fail "first GET: X-Cache '$first', expected MISS"
[[ "$second" == "HIT" ]] || fail "second GET: X-Cache '$second', expected HIT"
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: unknown.localhost' "http://127.0.0.1:$CDN_EDGE_PORT/")"
[[ "$code" == "404" ]] || fail "unknown host answered $code, expected 404"

curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"urls":["http://demo.localhost/static/smoke.css"]}' \
  "http://127.0.0.1:$CDN_API_PORT/v1/services/$SERVICE/purge" || fail "URL purge refused"
after=""
for _ in $(seq 1 50); do
  after="$(header /static/smoke.css X-Cache)"
  [[ "$after" == "MISS" ]] && break
  sleep 0.1
done
[[ "$after" == "MISS" ]] || fail "after purge: X-Cache '$after', expected MISS"

code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$CDN_PORTAL_PORT/login")"
[[ "$code" == "200" ]] || fail "portal /login answered $code"

# The embedded PostgreSQL's fsync-off is said where up prints its banner.
grep -q "fsync off" "$WORK/up.out" || fail "the banner does not say the embedded PostgreSQL runs with fsync off"
# One process exiting leaves the rest running, and up says which one.
PORTAL_PID="$(awk '$2 == "portal" {print $1}' "$CDN_STATE_DIR/run/current/pids")"
[[ -n "$PORTAL_PID" ]] || fail "no portal pid recorded"
kill -TERM "$PORTAL_PID"
for _ in $(seq 1 120); do
  grep -q "portal (pid $PORTAL_PID) exited" "$WORK/up.out" && break
  sleep 0.25
done
grep -q "portal (pid $PORTAL_PID) exited" "$WORK/up.out" || fail "./cdn up did not say that the portal exited"
kill -0 "$UP_PID" 2>/dev/null || fail "./cdn up stopped when the portal exited"
still="$(header /static/smoke.css X-Cache)"
[[ "$still" == "HIT" || "$still" == "MISS" ]] || fail "the edge stopped answering when the portal exited (X-Cache '$still')"
# ./cdn restart brings the stopped portal back, on its port.
"$ROOT/cdn" restart portal >>"$WORK/restart.out" 2>&1 || fail "./cdn restart portal failed: $(tail -5 "$WORK/restart.out")"
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$CDN_PORTAL_PORT/login")"
[[ "$code" == "200" ]] || fail "portal /login answered $code after ./cdn restart portal"

# The edge runs with a disk tier, as in production.
ADMIN_TOKEN="$(sed -n 's/^  Admin token *\([^ ]*\).*/\1/p' "$WORK/up.out")"
# Read whole before matching: with pipefail, grep -q leaving early would fail curl's write (SIGPIPE) on a long page.
METRICS="$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$CDN_EDGE_ADMIN_PORT/metrics")" \
  || fail "the edge's /metrics did not answer"
grep -q '^edge_disk_bytes' <<<"$METRICS" || fail "the edge has no disk tier (no edge_disk_bytes metric)"
# Stop the edge; up names it; ./cdn restart brings it back with the same flags and ports, its log appended to.
EDGE_PID="$(awk '$2 == "edge" {print $1}' "$CDN_STATE_DIR/run/current/pids" | tail -1)"
kill -TERM "$EDGE_PID"
for _ in $(seq 1 120); do
  grep -q "edge (pid $EDGE_PID) exited" "$WORK/up.out" && break
  sleep 0.25
done
grep -q "edge (pid $EDGE_PID) exited" "$WORK/up.out" || fail "./cdn up did not say that the edge exited"
"$ROOT/cdn" restart edge >>"$WORK/restart.out" 2>&1 || fail "./cdn restart edge failed: $(tail -5 "$WORK/restart.out")"
back="$(header /static/smoke.css X-Cache)"
[[ "$back" == "HIT" || "$back" == "MISS" ]] || fail "the restarted edge does not answer (X-Cache '$back')"
[[ "$(grep -c 'listening on' "$CDN_STATE_DIR/run/current/edge.log")" -ge 2 ]] \
  || fail "the restarted edge's log does not hold both runs (not appended)"
"$ROOT/cdn" status | grep -q "edge: pid" || fail "./cdn status does not list the restarted edge as running"

"$ROOT/cdn" down >/dev/null
wait "$UP_PID" 2>/dev/null || true
sleep 1
if pgrep -f "$CDN_STATE_DIR" >/dev/null; then
  pgrep -fa "$CDN_STATE_DIR" >&2
  fail "processes left behind after ./cdn down"
fi
for port in $CDN_API_PORT $CDN_PORTAL_PORT $CDN_EDGE_PORT $CDN_SHIELD_PORT $CDN_EDGE_ADMIN_PORT $CDN_SHIELD_ADMIN_PORT \
            $CDN_ORIGIN_PORT $CDN_PG_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port still answers after ./cdn down"; fi
done
rm -rf "$WORK"
echo "smoke: ./cdn up --demo -> MISS, HIT, 404 for unknown host, purge -> MISS, portal up, fsync-off banner, portal stopped -> rest keeps running, ./cdn restart portal and edge (disk tier) -> both answer again, ./cdn down clean"
