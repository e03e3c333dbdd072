# Shared by the benchmark scripts (sourced, not run): a private temporary directory, every process a script starts
# stopped by PID on exit, failure or Ctrl-C, and free loopback ports.
#
#   source "$ROOT/bench/lib.sh"
#   bench_start NAME            # sets TMP (/tmp/NAME.XXXXXX) and PIDS; append each started process: PIDS+=($!)
#   PORT=$(free_port)

bench_start() {
  TMP=$(mktemp -d "/tmp/$1.XXXXXX")
  PIDS=()
  trap bench_stop EXIT
  trap 'exit 130' INT TERM
}

bench_stop() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
