#!/usr/bin/env bash
# Print the path of a Python 3.12+ interpreter, or explain (in Chinese and English) what to install and exit 1.
#
# Tried in order: $PYTHON if set, python3.13 / python3.12 / python3 on PATH, then pyenv builds
# (newest first) called directly: pyenv's shims fail when no version is selected, so every candidate is
# checked by actually running it.
set -u

ok() { "$1" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for name in python3.13 python3.12 python3; do
    path=$(command -v "$name" 2>/dev/null) && candidates+=("$path")
done
for pyenv_root in "${PYENV_ROOT:-}" "${HOME:-/root}/.pyenv" /root/.pyenv; do
    [ -n "$pyenv_root" ] && [ -d "$pyenv_root/versions" ] || continue
    while IFS= read -r dir; do
        for exe in "$dir"/bin/python3.1[2-9] "$dir"/bin/python3.[2-9][0-9]; do
            [ -x "$exe" ] && candidates+=("$exe")
        done
    done < <(ls -d "$pyenv_root"/versions/3.1[2-9]* "$pyenv_root"/versions/3.[2-9][0-9]* 2>/dev/null | sort -V -r)
done
for exe in /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    [ -x "$exe" ] && candidates+=("$exe")
done

for exe in "${candidates[@]}"; do
    if ok "$exe"; then
        printf '%s\n' "$exe"
        exit 0
    fi
done

cat >&2 <<'MSG'
找不到 Python 3.12 或更高版本。请先安装其中之一，例如：
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv   （或 python3.13 python3.13-venv）
  pyenv:          pyenv install 3.12
然后重新运行 make；也可以用 PYTHON=/path/to/python3.12 make run 指定解释器。

No Python 3.12 or newer was found. Install one first, for example:
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv   (or python3.13 python3.13-venv)
  pyenv:          pyenv install 3.12
then run make again; or name the interpreter: PYTHON=/path/to/python3.12 make run
MSG
exit 1
