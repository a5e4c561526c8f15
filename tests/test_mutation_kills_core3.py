"""Kill tests for surviving mutants of mutation run 4 (docs/testing.md, "Mutation testing"):
``evaluation/{parameters,conditional,space}``, ``forecast.py`` and ``requirements/anchors.py``.

Each test checks a closed form, the independent oracle (tests/oracle.py), a published number
with its page, or a defining property; not the package's own output.
"""

from __future__ import annotations
