"""The Compact assistant: answers about the Compact with cited, verifiable passages."""

__version__ = "0.1.0"
