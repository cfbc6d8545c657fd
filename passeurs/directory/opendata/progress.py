"""Progress of a long import: a bar on a terminal, plain lines in a log."""

import sys
import time


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


class Progress:
    """Reports bytes read and rows seen; `stage` announces the steps after reading."""

    def __init__(self, stream=None, *, total_bytes: int = 0, interval: float = 5.0):
        self.stream = stream or sys.stdout
        self.is_tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.total = max(total_bytes, 1)
        self.interval = interval
        self.started = time.perf_counter()
        self.bytes = 0
        self.rows = 0
        self._last = 0.0
        self._last_tenth = -1

    def advance(self, *, bytes_read: int, rows: int) -> None:
        self.bytes += bytes_read
        self.rows += rows
        now = time.perf_counter()
        tenth = int(10 * self.bytes / self.total)
        if self.is_tty:
            if now - self._last >= 0.2:
                self._last = now
                self._draw(now)
        elif now - self._last >= self.interval or tenth > self._last_tenth:
            self._last, self._last_tenth = now, tenth
            self.stream.write(self._text(now) + "\n")
            self.stream.flush()

    def _text(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-6)
        share = min(self.bytes / self.total, 1.0)
        return (
            f"{share:4.0%} lu · {_number(self.rows)} lignes · "
            f"{_number(self.rows / elapsed)} lignes/s"
        )

    def _draw(self, now: float) -> None:
        share = min(self.bytes / self.total, 1.0)
        bar = "█" * int(30 * share) + "·" * (30 - int(30 * share))
        self.stream.write(f"\r[{bar}] {self._text(now)}")
        self.stream.flush()

    def stage(self, label: str) -> None:
        if self.is_tty:
            self.stream.write("\n")
        self.stream.write(f"{label}…\n")
        self.stream.flush()


class Silent(Progress):
    def advance(self, *, bytes_read: int, rows: int) -> None:
        self.bytes += bytes_read
        self.rows += rows

    def stage(self, label: str) -> None:
        pass
