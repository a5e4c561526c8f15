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
    """A scenario file or override failed validation.

    ``errors`` lists the problems as ``{"field": dotted path or None, "message": str}``
    (what the web API returns with status 422); ``str(err)`` is the CLI's message.
    """

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.errors = errors if errors is not None else [{"field": None, "message": message}]


class DataError(BioanchorsError):
    """A dataset could not be read or lacks what an analysis needs."""
