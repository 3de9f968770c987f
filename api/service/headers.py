"""Security headers on every response, problems and 404s included.

The Content-Security-Policy allows only this origin: /docs is one self-contained page and
GraphiQL loads its scripts and stylesheet from /graphql/static/. Styles may be inline
(/docs has a ``<style>`` block, GraphiQL sets style attributes); scripts may not, and
nothing needs ``eval``.
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from api.service.http_middleware import HttpMiddleware, add_headers, raw_headers

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "SecurityHeadersMiddleware"]

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


_RAW = raw_headers(SECURITY_HEADERS)


class SecurityHeadersMiddleware(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_headers(message, _RAW)  # a response's own value wins
            await send(message)

        await self.app(scope, receive, send_with_headers)
