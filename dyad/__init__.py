"""dyad: who said and did what to whom, when and where — from news text to sourced event data."""

__version__ = "0.1.0"
