"""Kill tests for mutation run 5 (docs/testing.md, "Mutation testing"): `requirements/evidence`,
`evaluation/registry`, `models/base` and `models/ensemble`."""
