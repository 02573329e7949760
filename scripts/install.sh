#!/usr/bin/env bash
# Make .venv (Python 3.12+) hold xuncha and its pinned dependencies: `install.sh` for running it,
# `install.sh dev` for the linters and the test suite too.
#
# Creates .venv when missing and recreates it when its interpreter is older than 3.12 or broken.
# A stamp in .venv records a digest of the interpreter, pyproject.toml and requirements/constraints.txt:
# when none of them changed, this returns at once without asking pip anything.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-runtime}
case "$what" in
    runtime) spec="."; stamps=(runtime dev) ;;  # a dev install covers the runtime one
    dev) spec=".[dev]"; stamps=(dev) ;;
    *) echo "usage: $0 [runtime|dev]" >&2; exit 2 ;;
esac
venv=${VENV:-.venv}
py="$venv/bin/python"

if [ -e "$py" ] && ! "$py" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then
    echo "$venv 的 Python 低于 3.12 或已损坏，重新创建 / $venv has a Python older than 3.12 or broken: recreating it"
    rm -rf "$venv"
fi
if [ ! -e "$py" ]; then
    base=$(scripts/find_python.sh)
    echo "创建虚拟环境 / creating $venv with $base ($("$base" -V 2>&1))"
    "$base" -m venv "$venv"
fi

key=$({ "$py" -VV; cat pyproject.toml requirements/constraints.txt; } | sha256sum | cut -c1-32)
for s in "${stamps[@]}"; do
    if [ "$(cat "$venv/.xuncha-$s.stamp" 2>/dev/null)" = "$key" ]; then
        exit 0
    fi
done

echo "安装依赖 / installing xuncha$([ "$what" = dev ] && echo '[dev]') with pinned dependencies into $venv …"
rm -f "$venv"/.xuncha-*.stamp
# (This machine's pip.conf names local indexes that may be absent; pip warns once per package about them.)
"$py" -m pip install --disable-pip-version-check --quiet -c requirements/constraints.txt -e "$spec" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
echo "$key" > "$venv/.xuncha-$what.stamp"
