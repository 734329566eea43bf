"""Benchmarks of the Compact assistant: `make bench` (or `python -m benchmarks.run`)."""
