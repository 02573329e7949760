"""`make run`'s preparation in one process (each `manage.py` start costs a second): migrate, collect the
static files when any source is newer than the last collection, load the demo (idempotent)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def static_sources_changed(stamp: Path) -> bool:
    from django.contrib.staticfiles.finders import get_finders

    if not stamp.exists():
        return True
    collected = stamp.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > collected:
                return True
    return False


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    print("→ migrate", flush=True)
    call_command("migrate", interactive=False, verbosity=1)
    stamp = Path(settings.STATIC_ROOT) / ".xuncha-collected"
    if static_sources_changed(stamp):
        print("→ collectstatic", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.touch()
    print("→ load_demo", flush=True)
    call_command("load_demo")


if __name__ == "__main__":
    main()
