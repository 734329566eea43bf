"""The regression gate: the system's summary against the floors and ceilings in thresholds.toml."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .metrics import METRIC_KEYS

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.toml"


@dataclass(frozen=True)
class Thresholds:
    """Metrics that must stay at or above `minimum`, and at or below `maximum`."""

    minimum: dict[str, float] = field(default_factory=dict)
    maximum: dict[str, float] = field(default_factory=dict)


def load_thresholds(path: Path = THRESHOLDS_FILE) -> Thresholds:
    """Read the thresholds; ValueError on an unknown metric or a non-numeric value."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown_tables = set(raw) - {"minimum", "maximum"}
    if unknown_tables:
        raise ValueError(f"{path}: unknown tables {sorted(unknown_tables)} (use minimum/maximum)")
    tables = {name: raw.get(name, {}) for name in ("minimum", "maximum")}
    for name, table in tables.items():
        for key, value in table.items():
            if key not in METRIC_KEYS:
                raise ValueError(f"{path}: [{name}] names an unknown metric {key!r}")
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValueError(f"{path}: [{name}] {key} must be a number, not {value!r}")
    return Thresholds(
        minimum={k: float(v) for k, v in tables["minimum"].items()},
        maximum={k: float(v) for k, v in tables["maximum"].items()},
    )


def check(summary: dict[str, float], thresholds: Thresholds) -> list[str]:
    """Every threshold the summary misses, in words; empty when the gate passes."""
    failures = []
    for key, floor in thresholds.minimum.items():
        value = summary.get(key, math.nan)
        if math.isnan(value) or value < floor:
            failures.append(f"{key} = {value:.4f}, below the minimum {floor:.4f}")
    for key, ceiling in thresholds.maximum.items():
        value = summary.get(key, math.nan)
        if math.isnan(value) or value > ceiling:
            failures.append(f"{key} = {value:.4f}, above the maximum {ceiling:.4f}")
    return failures
