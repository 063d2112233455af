//! Criterion benchmarks live in `benches/`; the load scripts beside this crate (`*.sh`)
//! measure a release server over loopback. Figures and how to reproduce them:
//! `docs/benchmarks.md`.
