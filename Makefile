# 巡察工作管理系统 (Xuncha).  `make run` to try it on http://127.0.0.1:8000, `make test` before a commit.
#
# Every target finds a Python 3.12+ by itself (scripts/find_python.sh) and keeps its own virtual
# environment in .venv, installed from pyproject.toml with every transitive pin from
# requirements/constraints.txt. A stamp in .venv makes a second run skip the install.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, e.g. `make pytest PYTEST_ARGS="-k scopes -x"`.
PYTEST_ARGS ?=
# pytest-xdist workers: `auto` is one per core (2 here); PYTEST_WORKERS=0 runs everything in one process.
# loadgroup keeps the browser tests (xdist_group "browser") on one worker, with one demo server.
PYTEST_WORKERS ?= auto
PYTEST_XDIST = -n $(PYTEST_WORKERS) --dist loadgroup
# Data-set sizes of `make bench` (demo, city, province); the province takes hours on each database.
SIZES ?= demo,city
export VENV HOST PORT PYTEST_WORKERS

.PHONY: help install install-dev office run lint typecheck pytest test test-browser test-office test-pg bench constraints clean distclean

help:
	@echo "make run          安装、迁移、载入演示数据并在 http://$(HOST):$(PORT) 启动（Ctrl-C 停止）"
	@echo "                  install, migrate, load the demo, start the task worker and serve (Ctrl-C stops all)"
	@echo "make test         ruff + mypy + 全部测试（单元、集成、浏览器） / the whole suite"
	@echo "make lint         ruff、分层约束（import-linter）、应用依赖图 / ruff, the layer contract, the app graph"
	@echo "make typecheck    mypy xuncha config"
	@echo "make pytest       只运行 pytest / pytest only (PYTEST_ARGS=… passes arguments)"
	@echo "make test-browser 只运行浏览器测试 / the Playwright tests in Debian's chromium only"
	@echo "make test-pg      在本机 PostgreSQL 的新数据库上运行测试 / the suite on a fresh PostgreSQL database"
	@echo "make bench        页面与接口基准测试（SQLite 与 PostgreSQL），写入 docs/performance.md / the benchmarks"
	@echo "                  (SIZES=demo,city by default; SIZES=demo,city,province for the full run)"
	@echo "make install      创建 .venv 并安装依赖 / create .venv and install (install-dev: with test tools)"
	@echo "make office       安装 LibreOffice、中文字体和 poppler（生成公文 PDF，需要 root） / LibreOffice, CJK fonts"
	@echo "                  and poppler-utils from Debian, for the official documents' PDF (needs root)"
	@echo "make constraints  重新生成 requirements/constraints.txt / regenerate the transitive pins"
	@echo "make clean        删除缓存和生成的文件 / remove caches and generated files (distclean: also .venv and var/)"

install:
	@scripts/install.sh runtime

install-dev:
	@scripts/install.sh dev

# LibreOffice, the CJK fonts the standard's font names map to, and poppler-utils, from Debian (ADR-0023).
office:
	@scripts/install_office.sh

run: install
	@scripts/run.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/app_graph.py --check

typecheck: install-dev
	$(BIN)/mypy xuncha config

pytest: install-dev
	$(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

# Lint, types and the whole suite. Lint and mypy (about 10 s of one core from a cold cache, 1 s warm) run beside
# pytest, their output printed after it; every part runs even when another failed, and the status is non-zero
# when any of them failed (docs/performance.md "Test suite").
test: install-dev
	@checks=$$(mktemp); trap 'rm -f "$$checks"' EXIT; \
	( status=0; $(MAKE) lint || status=1; $(MAKE) typecheck || status=1; exit $$status ) >"$$checks" 2>&1 & \
	checks_pid=$$!; \
	pytest_status=0; $(MAKE) pytest || pytest_status=$$?; \
	checks_status=0; wait $$checks_pid || checks_status=$$?; \
	echo "==> ruff, import-linter, app graph, mypy:"; cat "$$checks"; \
	if [ $$checks_status -ne 0 ]; then echo "make test: lint or typecheck FAILED"; fi; \
	if [ $$pytest_status -ne 0 ]; then echo "make test: pytest FAILED"; fi; \
	exit $$(( checks_status || pytest_status ))

test-browser: install-dev
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# The official documents rendered to PDF and PNG pages (var/screenshots/documents/), failing if LibreOffice is missing.
test-office: install-dev office
	XUNCHA_REQUIRE_OFFICE=1 $(BIN)/pytest -m office $(PYTEST_ARGS)

# The suite (without the browser tests, which serve from SQLite of their own) on a fresh PostgreSQL
# database at 127.0.0.1:5432, created for this run and dropped afterwards (with each worker's test_<db>_gwN).
test-pg: install-dev
	scripts/test_pg.sh $(PYTEST_ARGS)

# The benchmarks, written into docs/performance.md: the cross-inspection assignment, then every main page and
# API list at each size on SQLite and on the local PostgreSQL (127.0.0.1:5432); data sets are built once and kept
# under var/bench/ (and as xuncha_bench_* databases).
bench: install-dev
	$(BIN)/python bench/bench_assignment.py
	$(BIN)/python bench/bench_pages.py --sizes $(SIZES)

# Regenerate the transitive pins in a throw-away venv from the exact pins in pyproject.toml.
constraints:
	@scripts/freeze_constraints.sh

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info var/staticfiles var/screenshots var/ci
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# Also the virtual environment and var/ (the SQLite database, its generated keys and the demo accounts).
distclean: clean
	rm -rf $(VENV) var
