"""The REST API over the store (FastAPI): `create_app`, and the `serve`/`quotes`/`events`/`places` commands."""

from dyad.api.app import create_app

__all__ = ["create_app"]
