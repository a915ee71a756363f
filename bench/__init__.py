"""Benchmarks: `make bench` (python -m bench.run). Numbers go to the README; no timing asserts in tests."""
