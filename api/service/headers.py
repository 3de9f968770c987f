"""Security headers on every response, problems and 404s included.

The Content-Security-Policy allows only this origin: /docs loads Swagger UI and its boot
script from /docs/static/, GraphiQL its scripts and stylesheet from /graphql/static/.
Styles may be inline (both set style attributes); scripts may not, and nothing needs
``eval`` (tests/browser checks the pages for violations).
"""

from __future__ import annotations

from api.service.response_headers import raw_headers

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "SECURITY_RAW_HEADERS"]

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

# On every response that has none of its own (api.service.response_headers).
SECURITY_RAW_HEADERS = raw_headers(SECURITY_HEADERS)
