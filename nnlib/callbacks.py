"""Callbacks for ``Sequential.fit``: the History it returns, its progress bar, and hooks.

A callback is any object with some of ``on_train_begin(logs)``,
``on_epoch_begin(epoch, logs)``, ``on_batch_end(batch, logs)``,
``on_epoch_end(epoch, logs)`` and ``on_train_end(logs)``; setting
``model.stop_training = True`` in one of them ends training after the epoch.
"""
from __future__ import annotations

import sys
import time
from typing import Callable

import numpy as np


class Callback:
    """The base class: every hook does nothing. ``self.model`` is set by fit."""

    model = None

    def on_train_begin(self, logs: dict | None = None) -> None: ...
    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None: ...
    def on_batch_end(self, batch: int, logs: dict | None = None) -> None: ...
    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None: ...
    def on_train_end(self, logs: dict | None = None) -> None: ...


class History(Callback):
    """What fit returns: ``history`` holds one list per quantity, one entry per epoch."""

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.stopped_early = ""

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))

    def __repr__(self) -> str:
        keys = ", ".join(self.history)
        return f"History({len(self.epoch)} epochs: {keys})"


class LambdaCallback(Callback):
    """A callback from plain functions: ``LambdaCallback(on_epoch_end=lambda e, logs: ...)``."""

    def __init__(self, on_epoch_end: Callable | None = None,
                 on_batch_end: Callable | None = None) -> None:
        if on_epoch_end is not None:
            self.on_epoch_end = on_epoch_end
        if on_batch_end is not None:
            self.on_batch_end = on_batch_end


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by ``min_delta`` for ``patience`` epochs."""

    def __init__(self, monitor: str = "val_loss", patience: int = 0,
                 min_delta: float = 0.0) -> None:
        self.monitor, self.patience, self.min_delta = monitor, patience, min_delta
        self.best, self.wait = np.inf, 0

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        value = (logs or {}).get(self.monitor)
        if value is None:
            return
        if "acc" in self.monitor:
            value = -value  # higher accuracy is better
        if value < self.best - self.min_delta:
            self.best, self.wait = value, 0
        else:
            self.wait += 1
            if self.wait > self.patience:
                self.model.stop_training = True


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        return type(shell.get_ipython()).__name__ == "ZMQInteractiveShell"
    except Exception:
        return False


class ProgressBar(Callback):
    """One bar over the epochs that updates in place, in a notebook and in a terminal.

    ``verbose=1`` draws the bar (at most ~10 redraws a second); ``verbose=2``
    prints one line per epoch instead.
    """

    def __init__(self, epochs: int, verbose: int = 1, width: int = 30) -> None:
        self.epochs, self.verbose, self.width = epochs, verbose, width
        self._handle = None
        self._last = 0.0
        self._start = time.perf_counter()
        self._notebook = _in_notebook()

    def _line(self, epoch: int, logs: dict) -> str:
        done = int(self.width * (epoch + 1) / max(self.epochs, 1))
        bar = "=" * done + ("" if done >= self.width else ">") + "." * (self.width - done - 1)
        numbers = " - ".join(f"{key}: {value:.4g}" for key, value in logs.items())
        seconds = time.perf_counter() - self._start
        return f"Epoch {epoch + 1}/{self.epochs} [{bar[:self.width]}] {numbers} - {seconds:.1f}s"

    def _show(self, text: str) -> None:
        if self._notebook:
            from IPython.display import display

            if self._handle is None:
                self._handle = display({"text/plain": text}, raw=True, display_id=True)
            else:
                self._handle.update({"text/plain": text}, raw=True)
        else:
            sys.stdout.write("\r" + text)
            sys.stdout.flush()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self.verbose == 2:
            print(self._line(epoch, logs))
            return
        now = time.perf_counter()
        self._logs = (epoch, logs)
        self._pending = True
        if now - self._last > 0.1 or epoch + 1 == self.epochs:
            self._show(self._line(epoch, logs))
            self._last, self._pending = now, False

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.verbose != 1 or not hasattr(self, "_logs"):
            return
        if self._pending:
            self._show(self._line(*self._logs))  # the last epoch reached, even if stopped early
        if not self._notebook:
            sys.stdout.write("\n")
            sys.stdout.flush()
