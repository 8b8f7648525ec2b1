"""Scorers that measure dyad's extractors against public gold formats."""
