"""Samples, percentiles and targets: the arithmetic of the benchmark."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


def percentile(samples: list[float], p: float) -> float:
    """The nearest-rank percentile (p in 0–100) of a non-empty list."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def sample(call: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    """Milliseconds each of ``repeat`` calls took, after ``warmup`` calls that are not counted."""
    for _ in range(warmup):
        call()
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        found.append((time.perf_counter() - started) * 1000)
    return found


@dataclass
class Figure:
    """One line of the table: a measured value, with a target when the issue sets one."""

    name: str
    value: float
    unit: str
    target: str = ""  # human-readable, e.g. "≥ 0.5"
    ok: bool | None = None  # None: no target

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("PASS" if self.ok else "FAIL")

    def as_dict(self) -> dict:
        return {
            "value": round(self.value, 3),
            "unit": self.unit,
            "target": self.target,
            "verdict": self.verdict,
        }


def at_least(name: str, value: float, unit: str, floor: float) -> Figure:
    return Figure(name, value, unit, f"≥ {floor:g}", value >= floor)


def at_most(name: str, value: float, unit: str, ceiling: float) -> Figure:
    return Figure(name, value, unit, f"≤ {ceiling:g}", value <= ceiling)


def table(figures: list[Figure]) -> str:
    width = max(len(f.name) for f in figures)
    lines = [f"{'figure':<{width}}  {'value':>14}  {'unit':<6}  {'target':<8}  result", "-" * (width + 44)]
    for f in figures:
        value = f"{f.value:,.0f}" if f.value >= 1000 else f"{f.value:,.2f}"
        lines.append(f"{f.name:<{width}}  {value:>14}  {f.unit:<6}  {f.target:<8}  {f.verdict}")
    return "\n".join(lines)
