"""The phase timer of seminar play: a countdown per seat's turn in a round, with pause.

The timer belongs to the table, not to the rules: the engine never sees a
clock. The shell (board or terminal) reads the time from the clock it is given,
restarts the countdown whenever a new seat's turn begins, and asks what to do
when it runs out: Control decides, unless the scenario says the seat passes.
"""

from __future__ import annotations

from collections.abc import Callable


class PhaseTimer:
    """A pausable countdown; ``seconds`` of 0 means no timer."""

    def __init__(self, seconds: int, clock: Callable[[], float], on_expiry: str = "control"):
        self.seconds = max(0, int(seconds))
        self.clock = clock
        self.on_expiry = on_expiry
        self.key: object = None
        self._started = clock()
        self._paused_at: float | None = None
        self._paused_total = 0.0

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def restart(self, key: object) -> None:
        """Start a new countdown when ``key`` (e.g. (turn, round, seat)) changes."""
        if key == self.key:
            return
        self.key = key
        self._started = self.clock()
        self._paused_total = 0.0
        if self._paused_at is not None:
            self._paused_at = self._started

    def set_seconds(self, seconds: int) -> None:
        """Control changes the time per turn; the running countdown restarts."""
        self.seconds = max(0, int(seconds))
        self._started = self.clock()
        self._paused_total = 0.0

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.clock()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self.clock() - self._paused_at
            self._paused_at = None

    def elapsed(self) -> float:
        now = self._paused_at if self._paused_at is not None else self.clock()
        return max(0.0, now - self._started - self._paused_total)

    def remaining(self) -> float:
        """Seconds left (0 when expired or when there is no timer)."""
        if not self.enabled:
            return 0.0
        return max(0.0, self.seconds - self.elapsed())

    def expired(self) -> bool:
        return self.enabled and self.remaining() <= 0.0

    def text(self) -> str:
        """mm:ss for the board, 'paused' appended while paused."""
        if not self.enabled:
            return ""
        left = int(self.remaining() + 0.999)
        out = f"{left // 60:02d}:{left % 60:02d}"
        return out + " (paused)" if self.paused else out
