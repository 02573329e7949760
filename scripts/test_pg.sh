#!/usr/bin/env bash
# Run pytest against PostgreSQL: start the local server if it is not answering, create a fresh database
# for this run, point DATABASE_URL at it, and drop it (and pytest-django's test_<name>) afterwards.
#
#   scripts/test_pg.sh [pytest arguments…]     (default: the suite without the browser tests, which run
#                                               against a server of their own on SQLite either way)
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres; trust auth, a superuser, so it may
# create databases), XUNCHA_PG_DB (name of the database; default xuncha_test_<pid>), PYTEST_WORKERS
# (pytest-xdist workers, default auto: one per core; 0 runs in one process). Each worker has a test database
# of its own, test_<name>_gw0, test_<name>_gw1… (pytest-django's suffix); all are dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

if ! pg_isready -h "$PGHOST" -p "$PGPORT" -q; then
    echo "PostgreSQL 未在 $PGHOST:$PGPORT 应答，启动本机服务 / not answering on $PGHOST:$PGPORT: starting the local cluster"
    for version in $(ls /etc/postgresql 2>/dev/null); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 30); do
        pg_isready -h "$PGHOST" -p "$PGPORT" -q && break
        sleep 1
    done
    if ! pg_isready -h "$PGHOST" -p "$PGPORT"; then
        echo "无法连接 PostgreSQL / PostgreSQL is not reachable at $PGHOST:$PGPORT" >&2
        exit 1
    fi
fi

db=${XUNCHA_PG_DB:-xuncha_test_$$}
drop() {  # the database, pytest-django's test_<db>, and the workers' test_<db>_gwN
    local name
    for name in $(psql -d postgres -XAtc "SELECT datname FROM pg_database WHERE datname = 'test_$db'
                                          OR datname LIKE 'test\_${db//_/\_}\_gw%'" 2>/dev/null); do
        dropdb --if-exists --force "$name" 2>/dev/null || true
    done
    dropdb --if-exists --force "$db" || true
}
trap drop EXIT
drop  # a leftover of an earlier run with the same name
createdb "$db"
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$db"
workers=${PYTEST_WORKERS:-auto}
echo "→ pytest on PostgreSQL ($DATABASE_URL; pytest-django uses test_$db, or test_${db}_gwN per worker; workers: $workers)"

if [ $# -eq 0 ]; then
    set -- -m "not browser"
fi
set +e
"${VENV:-.venv}/bin/pytest" -n "$workers" --dist loadgroup "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "pytest 没有收集到任何测试 / pytest collected no tests: that is a failure here" >&2
fi
exit "$status"
