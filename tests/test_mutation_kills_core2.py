"""Kill tests for surviving mutants of the model core's second mutation run (docs/testing.md)."""
