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
DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "schema.md"

DOC_CLASSES = ("Analysis", "Article", "Span", "Mention", "Actor", "Role", "Quote", "Event", "TimeExpression", "Place")
DOC_INTRO = """# The analysis schema

An `Analysis` is everything dyad found in one article: the contract between the
NLP side that fills it and the store, API and exports that read it. It is
plain JSON (`Analysis.to_json()` / `Analysis.from_json()`), validated by the
JSON Schema in `dyad/data/analysis.schema.json`.

Every fact links to the text through `Span`s: character offsets into
`article.text` (half-open, `[start, end)`) with a copy of the text they cover,
so `article.text[start:end] == text` always holds (`dyad check` verifies it for
a whole database). Ids (`M3`, `A1`, `Q2`, `E4`, `T1`, `P2`) are local to one
analysis; the store keys every row by (article id, id).

Versioning: `schema_version` is `MAJOR.MINOR`. A minor version only adds
optional fields; a reader accepts any analysis of its own major version.
`extractor_version` names the dyad version, the spaCy model and the components
that produced the analysis; re-ingesting an article with another extractor
version replaces all its stored facts at once.

This page is generated from `dyad/model.py` by `python -m dyad.schema`.
"""


def analysis_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a serialised `Analysis`."""
    schema = Analysis.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://dyad.invalid/schema/analysis-{SCHEMA_VERSION}.json"
    return schema


def render() -> str:
    return json.dumps(analysis_schema(), indent=2, sort_keys=True) + "\n"


def _type_name(annotation) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    text = str(annotation).replace("typing.", "").replace("dyad.model.", "").replace("datetime.", "")
    return text.replace("NoneType", "None")


def render_doc() -> str:
    """docs/schema.md: one table per class, from the model's field descriptions."""
    from dyad import model

    parts = [DOC_INTRO.replace("MAJOR.MINOR", f"MAJOR.MINOR (now {SCHEMA_VERSION})")]
    for name in DOC_CLASSES:
        cls = getattr(model, name)
        doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        parts.append(f"## {name}\n\n{doc}\n\n| field | type | meaning |\n|---|---|---|")
        for field, info in cls.model_fields.items():
            description = (info.description or "").replace("|", "/")
            kind = _type_name(info.annotation)
            if kind.endswith(" | None"):
                kind, description = kind[: -len(" | None")], f"Optional. {description}"
            parts.append(f"| `{field}` | `{kind.replace(' | ', ' or ')}` | {description} |")
        parts.append("")
    enums = [("QuoteKind", model.QuoteKind), ("Modality", model.Modality), ("Sector", model.Sector)]
    for name, enum in enums:
        parts.append(f"## {name}\n\n" + ", ".join(f"`{m.value}`" for m in enum) + "\n")
    return "\n".join(parts)


def load_schema() -> dict:
    """The checked-in schema, as shipped in the package."""
    return json.loads(resources.files("dyad").joinpath("data/analysis.schema.json").read_text("utf-8"))


def validate(document: dict) -> None:
    """Validate a decoded analysis against the checked-in schema (raises jsonschema.ValidationError)."""
    import jsonschema

    jsonschema.validate(document, load_schema())


def main(argv: list[str]) -> int:
    outputs = {SCHEMA_PATH: render(), DOC_PATH: render_doc()}
    if "--check" in argv:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text("utf-8") != text]
        for path in stale:
            print(f"{path} is out of date: run `python -m dyad.schema`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
