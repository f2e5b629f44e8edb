"""Fuzzing pitboard: a small site to mutate (site/), the build invariant every mutation must keep
(`harness`), the mutations (`strategies`), and the failures `make fuzz` keeps as regression
fixtures (`regressions`)."""
