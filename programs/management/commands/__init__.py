"""Management commands of programs: bench_export."""
