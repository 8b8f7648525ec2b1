"""The NLP side: a spaCy pipeline plus dyad's components, producing an `Analysis` per article."""
