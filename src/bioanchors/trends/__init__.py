"""Measured trends: Epoch AI data loaders, log-linear fits, effective-compute accounting."""
