"""Benchmarks and synthetic workloads (see bench/README.md); not part of the installed package."""
