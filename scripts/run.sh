#!/usr/bin/env bash
# `make run`: migrate, collect static files, load the demo, start a task worker per queue and serve on
# http://$HOST:$PORT (gunicorn). Ctrl-C (or TERM) stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# 2 cores: one process per core, threads to overlap database and network waits (gthread, keep-alive);
# measured against 5 sync workers in docs/performance.md (bench/bench_load.py).
WORKERS=${WORKERS:-2}
THREADS=${THREADS:-4}
py=.venv/bin/python
export PYTHONUNBUFFERED=1
var_dir=${XUNCHA_VAR_DIR:-var}
mkdir -p "$var_dir"

if "$py" - "$HOST" "$PORT" <<'PY'
import socket, sys
s = socket.socket()
s.settimeout(0.5)
sys.exit(0 if s.connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 else 1)
PY
then
    echo "端口 $HOST:$PORT 已被占用（可能已有一个 make run 在运行）。可用 PORT=8001 make run 换一个端口。" >&2
    echo "Port $HOST:$PORT is already in use (another make run?). Try: PORT=8001 make run" >&2
    exit 1
fi

"$py" scripts/prepare_run.py

pids=()
stop() {
    trap - INT TERM EXIT
    if [ ${#pids[@]} -gt 0 ]; then
        echo
        echo "→ 正在停止 / stopping (pids ${pids[*]})"
        kill -TERM "${pids[@]}" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "${pids[@]}" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "${pids[@]}" 2>/dev/null || true
        wait 2>/dev/null || true
    fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# One task worker per queue (config/settings.py TASK_QUEUES): imports, which may run for minutes, have the
# "long" queue; exports and the rest keep moving on "default".
echo "→ db_worker (default)"
"$py" manage.py db_worker --queue-name default &
pids+=($!)
echo "→ db_worker (long)"
"$py" manage.py db_worker --queue-name long &
pids+=($!)

echo "→ gunicorn config.wsgi on $HOST:$PORT ($WORKERS workers × $THREADS threads)"
.venv/bin/gunicorn config.wsgi --bind "$HOST:$PORT" --workers "$WORKERS" --worker-class gthread \
    --threads "$THREADS" --preload --access-logfile - --log-level warning &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 150); do  # the banner once the server answers (at most 30 s)
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null && break
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.2
done
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "服务器未能启动 / the server did not start (see the messages above)" >&2
    exit 1
fi

cat <<MSG

================================================================================
  巡察工作管理系统已启动 / Xuncha is running:  http://$HOST:$PORT/
  演示账户 / demo accounts:                     $var_dir/demo-accounts.json
  按 Ctrl-C 停止 / press Ctrl-C to stop (the server and the task workers)
================================================================================

MSG
if [ -r "$var_dir/demo-accounts.json" ]; then
    "$py" - "$var_dir/demo-accounts.json" <<'PY' || true
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
for r in rows:
    otp = "  + 动态口令" if r.get("totp_secret") else ""
    print(f"  {r.get('username', ''):<14} {r.get('password', ''):<14} {r.get('role_label', r.get('role', ''))} · {r.get('scope', '')}{otp}")
print()
if any(r.get("totp_secret") for r in rows):
    print("  标有“动态口令”的账户登录时还需 6 位动态口令：.venv/bin/python manage.py demo_otp <用户名>")
    print("  （或把 demo-accounts.json 中的 totp_secret 添加到手机身份验证器）")
    print()
PY
fi

# Whichever stops first (a crash, or Ctrl-C), the EXIT trap stops the other.
set +e
wait -n "${pids[@]}"
status=$?
if [ "$status" -ne 0 ] && [ "$status" -lt 128 ]; then
    echo "一个进程异常退出（状态 $status），停止其余进程 / a process failed (status $status): stopping the rest" >&2
fi
exit "$status"
