"""Give memory the process has freed back to the system."""

from __future__ import annotations

import ctypes


def return_freed_memory() -> None:
    """Hand memory freed inside the process back to the system (glibc's `malloc_trim`): after a
    large load, such as a model file parsed, what was freed stays resident otherwise. Does
    nothing with another C library."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)
