"""Everything one benchmark run measured (a part is None when it was not run)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .agreement import RuntimeAgreement
from .build_speed import BuildResult
from .coldstart import ColdStartResult
from .contention import Busy
from .growth import GrowthRow
from .http_bench import HttpResult
from .inprocess import InProcessResult
from .profiling import Profile
from .shared_vectors import SharedCheck


@dataclass
class BenchResults:
    """The figures of a run, with its machine and duration."""

    machine: dict[str, str]
    questions: int
    model_load_s: dict[str, float] = field(default_factory=dict)  # by runtime
    in_process: InProcessResult | None = None
    agreement: RuntimeAgreement | None = None
    profile: Profile | None = None  # of `ask`, new questions
    http: HttpResult | None = None
    builds: BuildResult | None = None
    growth: list[GrowthRow] = field(default_factory=list)
    shared_check: SharedCheck | None = None
    cold_start: ColdStartResult | None = None
    load: list[tuple[str, tuple[float, float, float]]] = field(default_factory=list)
    busy: list[Busy] = field(default_factory=list)
    seconds: float = 0.0
    command: str = "make bench"
