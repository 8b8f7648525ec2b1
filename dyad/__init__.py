"""dyad: who said and did what to whom, when and where — from news text to sourced event data.

The public Python API (see docs/python.md):

    dyad.analyze(text, published=..., outlet=..., url=...)   -> Analysis
    dyad.analyze_many(items, n_process=...)                   -> iterator of Analysis
    dyad.open(db)                                             -> Dataset (events, quotes, actors, timeline)
    dyad.render(analysis)                                     -> HTML

Imports are lazy: `import dyad` does not load spaCy.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_many", "open", "render", "Analysis", "Article"]


def __getattr__(name: str):
    if name in ("analyze", "analyze_many", "open", "render"):
        from dyad import workbench

        return getattr(workbench, name)
    if name in ("Analysis", "Article"):
        from dyad import model

        return getattr(model, name)
    raise AttributeError(f"module 'dyad' has no attribute '{name}'")
