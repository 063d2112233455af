//! Integration and browser tests live in `tests/` and `browser/`.
