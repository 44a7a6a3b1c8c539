#!/usr/bin/env bash
# Serve KL Lab to a lecture hall: N Streamlit replicas of app.py behind HAProxy on PORT.
#
#   deploy/serve.sh N PORT
#
# Starts N replicas on free ports of 127.0.0.1, waits until each answers /_stcore/health, then runs
# HAProxy (Debian: apt-get install haproxy) on 127.0.0.1:PORT with deploy/haproxy.cfg: cookie
# stickiness, WebSocket tunnels, health checks. Runs in the foreground; Ctrl-C or SIGTERM stops
# HAProxy and every replica. A replica that dies is taken out of rotation by HAProxy and its
# users reconnect to another one; the script keeps serving with the rest.
#
# Environment: PYTHON (default: the active virtualenv's python, else ./.venv/bin/python, else
# python3), KL_LAB_DIR (the app's directory, default: the repository), KL_LAB_SCRIPT (default
# app.py). Put a TLS-terminating proxy or an SSH tunnel in front to serve beyond this machine.
set -euo pipefail

usage() {
  echo "usage: $0 N PORT    N replicas (1 to 32), HAProxy on 127.0.0.1:PORT (1024 to 65535)" >&2
  exit 2
}
[[ $# -eq 2 && $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]] || usage
N=$((10#$1))
PORT=$((10#$2))
((N >= 1 && N <= 32 && PORT >= 1024 && PORT <= 65535)) || usage

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
APP_DIR=${KL_LAB_DIR:-$(dirname "$HERE")}
SCRIPT=${KL_LAB_SCRIPT:-app.py}
if [[ -z ${PYTHON:-} ]]; then
  if [[ -n ${VIRTUAL_ENV:-} ]]; then
    PYTHON=$VIRTUAL_ENV/bin/python
  elif [[ -x $APP_DIR/.venv/bin/python ]]; then
    PYTHON=$APP_DIR/.venv/bin/python
  else
    PYTHON=python3
  fi
fi
command -v haproxy >/dev/null || { echo "serve.sh: haproxy not found (apt-get install haproxy)" >&2; exit 1; }
[[ -f $APP_DIR/$SCRIPT ]] || { echo "serve.sh: no $APP_DIR/$SCRIPT" >&2; exit 1; }

PIDS=()
CONFIG_DIR=$(mktemp -d)
cleanup() {
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$CONFIG_DIR"
  echo "serve.sh: stopped" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# N distinct free ports (held together while they are chosen, so they differ).
mapfile -t PORTS < <("$PYTHON" - "$N" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
print("\n".join(str(s.getsockname()[1]) for s in held))
PY
)
((${#PORTS[@]} == N)) || { echo "serve.sh: could not find $N free ports" >&2; exit 1; }

# Every replica shares one cookie secret, so a cookie signed by one is valid at another.
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')}

cd "$APP_DIR"
for i in $(seq "$N"); do
  "$PYTHON" -m streamlit run "$SCRIPT" \
    --server.address 127.0.0.1 --server.port "${PORTS[i - 1]}" --server.headless true \
    --server.fileWatcherType none --server.runOnSave false --browser.gatherUsageStats false \
    >/dev/null &
  PIDS+=($!)
  echo "replica $i pid $! port ${PORTS[i - 1]}"
done

# wait_healthy SECONDS PORT...: wait until each port answers /_stcore/health with "ok".
wait_healthy() {
  "$PYTHON" - "$@" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + float(sys.argv[1])
for port in sys.argv[2:]:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"serve.sh: nothing healthy on port {port} after {sys.argv[1]} s")
        time.sleep(0.2)
PY
}
wait_healthy 90 "${PORTS[@]}"

{
  cat "$HERE/haproxy.cfg"
  for i in $(seq "$N"); do
    echo "    server r$i 127.0.0.1:${PORTS[i - 1]} cookie r$i"
  done
} >"$CONFIG_DIR/haproxy.cfg"
KL_LAB_PORT=$PORT haproxy -db -f "$CONFIG_DIR/haproxy.cfg" &
HAPROXY=$!
PIDS+=("$HAPROXY")
echo "balancer pid $HAPROXY"
wait_healthy 15 "$PORT"
echo "KL Lab: http://127.0.0.1:$PORT ($N replicas behind HAProxy; Ctrl-C stops)"

# Serve until HAProxy exits or every replica is gone; report replicas that die.
while true; do
  status=0
  finished=
  wait -n -p finished "${PIDS[@]}" || status=$?
  if [[ -z $finished ]]; then
    continue
  fi
  if [[ $finished == "$HAPROXY" ]]; then
    echo "serve.sh: haproxy exited with status $status" >&2
    exit 1
  fi
  echo "serve.sh: replica pid $finished exited (status $status); HAProxy takes it out of rotation" >&2
  remaining=()
  for pid in "${PIDS[@]}"; do [[ $pid == "$finished" ]] || remaining+=("$pid"); done
  PIDS=("${remaining[@]}")
  if ((${#PIDS[@]} == 1)); then
    echo "serve.sh: no replica left" >&2
    exit 1
  fi
done
