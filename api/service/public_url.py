"""The public base URL of the service, for links that leave the response (feed entries,
the dataset's citation): ``PEACEOPS_PUBLIC_URL`` when set (behind a proxy that rewrites
the host), the request's own base URL otherwise."""

from __future__ import annotations

from starlette.requests import HTTPConnection

__all__ = ["public_base"]


def public_base(request: HTTPConnection) -> str:
    """The base URL without a trailing slash: ``https://example.org``."""
    public: str | None = request.app.state.settings.public_url
    return (public or str(request.base_url)).rstrip("/")
