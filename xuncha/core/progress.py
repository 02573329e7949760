"""A text progress bar for management commands (long work shows its progress)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class ProgressBar:
    """Draws ``label [#####.....] n/total`` on one line of a terminal; prints sparse lines elsewhere."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.label, self.total, self.width = label, max(total, 0), width
        self.stream = stream or sys.stderr
        self.count = 0
        self._last = 0.0
        self._drawn = -1
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def advance(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if now - self._last >= (0.1 if self._tty else 2.0) or self.count >= self.total:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        if self.count == self._drawn:
            return
        self._drawn = self.count
        total = self.total or 1
        filled = int(self.width * min(self.count, total) / total)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"{self.label} [{bar}] {self.count}/{self.total}"
        self.stream.write(("\r" + line) if self._tty else (line + "\n"))
        self.stream.flush()

    def finish(self) -> None:
        self.count = max(self.count, self.total)
        self._draw()
        if self._tty:
            self.stream.write("\n")


class PhasedProgress:
    """One ``ProgressBar`` per phase of a longer command: ``phase(label, total)`` finishes the previous bar
    and returns the new one's ``advance``."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.bar: ProgressBar | None = None

    def __call__(self, label: str, total: int) -> Callable[[int], None]:
        self.close()
        self.bar = ProgressBar(label, total, stream=self.stream)
        return self.bar.advance

    def close(self) -> None:
        if self.bar is not None:
            self.bar.finish()
            self.bar = None
