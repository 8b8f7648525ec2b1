"""Generate the JSON Schema of `Analysis` (checked in as dyad/data/analysis.schema.json).

python -m dyad.schema            # rewrite the checked-in schema
python -m dyad.schema --check    # exit 1 if it is out of date (run by the tests)
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from dyad.model import SCHEMA_VERSION, Analysis

SCHEMA_PATH = Path(__file__).parent / "data" / "analysis.schema.json"


def analysis_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a serialised `Analysis`."""
    schema = Analysis.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://dyad.invalid/schema/analysis-{SCHEMA_VERSION}.json"
    return schema


def render() -> str:
    return json.dumps(analysis_schema(), indent=2, sort_keys=True) + "\n"


def load_schema() -> dict:
    """The checked-in schema, as shipped in the package."""
    return json.loads(resources.files("dyad").joinpath("data/analysis.schema.json").read_text("utf-8"))


def validate(document: dict) -> None:
    """Validate a decoded analysis against the checked-in schema (raises jsonschema.ValidationError)."""
    import jsonschema

    jsonschema.validate(document, load_schema())


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text("utf-8") != text:
            print(f"{SCHEMA_PATH} is out of date: run `python -m dyad.schema`", file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(text, "utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
