"""Ingest: read corpus files, clean them, chunk them and index the passages."""
