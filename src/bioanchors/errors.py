"""User-facing errors.

Anything a user can cause by bad input raises :class:`BioanchorsError` (or a
subclass) with a message that names the file, the field and the fix. The CLI
prints the message and exits with code 2, never a traceback.
"""

from __future__ import annotations


class BioanchorsError(Exception):
    """An error caused by user input; ``str(err)`` is the whole message."""

    exit_code = 2


class ScenarioError(BioanchorsError):
    """A scenario file or override failed validation."""


class DataError(BioanchorsError):
    """A dataset could not be read or lacks what an analysis needs."""
