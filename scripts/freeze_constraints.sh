#!/usr/bin/env bash
# Regenerate requirements/constraints.txt: install xuncha[dev] from the exact pins in pyproject.toml into a
# throw-away venv (transitive dependencies at their newest compatible releases) and freeze it.
# Review the diff, then run `make test` before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(scripts/find_python.sh)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$base" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --disable-pip-version-check --quiet -e '.[dev]'
{
    cat <<'HEADER'
# Every transitive dependency of xuncha, with its dev extra, pinned exactly.
# Direct dependencies are pinned in pyproject.toml; this file pins everything they pull in.
# Used as `pip install -c requirements/constraints.txt -e '.[dev]'` (scripts/install.sh, the Makefile).
#
# Regenerate after changing a pin in pyproject.toml with `make constraints`
# (scripts/freeze_constraints.sh), which does, in a throw-away venv on Python 3.12+:
#   python3.12 -m venv /tmp/v && /tmp/v/bin/pip install -e '.[dev]'
#   /tmp/v/bin/pip freeze --exclude-editable   (without the xuncha line), below this header.
HEADER
    "$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -vi '^xuncha[= @]'
} > requirements/constraints.txt.new
mv requirements/constraints.txt.new requirements/constraints.txt
echo "requirements/constraints.txt 已更新 / regenerated ($("$base" -V 2>&1)); review: git diff requirements/constraints.txt"
