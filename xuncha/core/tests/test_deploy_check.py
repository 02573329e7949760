"""SEC-47: ``manage.py check --deploy --fail-level WARNING`` passes on the production settings as deployed
behind nginx with TLS (docs/deployment.md), with the HSTS preload warning silenced for an intranet host only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XUNCHA_") and k != "DATABASE_URL"}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", PYTHONPATH=str(ROOT), XUNCHA_VAR_DIR=str(tmp_path),
                 XUNCHA_ALLOWED_HOSTS="xuncha.example.gov.cn", **env)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy",  # noqa: S603
                           "--fail-level", "WARNING"], cwd=ROOT, env=clean, capture_output=True, text=True,
                          check=False, timeout=300)


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    done = _check_deploy(tmp_path, XUNCHA_HTTPS="1", XUNCHA_BEHIND_TLS_PROXY="1")
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_without_https_check_deploy_fails(tmp_path: Path) -> None:
    done = _check_deploy(tmp_path)
    assert done.returncode != 0
    assert "security.W012" in done.stderr
