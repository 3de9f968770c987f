"""The service layer's one pass over a response's headers (``OutgoingHeaders``) gives what
the three steps it replaces give one after the other: the request id in place of the
response's, the security headers where the response has none, then Starlette's own
``CORSMiddleware.send``."""

from __future__ import annotations

import asyncio

import pytest
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import Message

from api.service.cors import cors
from api.service.headers import SECURITY_HEADERS, SECURITY_RAW_HEADERS
from api.service.response_headers import OutgoingHeaders, raw_headers

REQUEST_ID = (b"x-request-id", b"0123abcd")
RESPONSES = [
    [],
    [(b"content-type", b"application/json"), (b"etag", b'"x"')],
    [(b"vary", b"Accept"), (b"x-request-id", b"from-the-app")],
    [(b"vary", b"Accept"), (b"vary", b"Accept-Encoding"), (b"x-frame-options", b"SAMEORIGIN")],
    [(b"access-control-allow-origin", b"https://a.example"), (b"referrer-policy", b"origin")],
    [(b"vary", b"Origin, Access-Control-Request-Method"), (b"access-control-max-age", b"600")],
]


def _three_steps(headers: list[tuple[bytes, bytes]], request_headers: Headers) -> Message:
    message: Message = {"type": "http.response.start", "status": 200, "headers": list(headers)}
    mutable = MutableHeaders(scope=message)
    del mutable["x-request-id"]
    mutable.append(*(v.decode("latin-1") for v in REQUEST_ID))
    for name, value in SECURITY_HEADERS.items():
        mutable.setdefault(name, value)
    sent: list[Message] = []

    async def send(m: Message) -> None:
        sent.append(m)

    asyncio.run(cors().send(message, send, request_headers))
    return sent[0]


@pytest.mark.parametrize("headers", RESPONSES)
@pytest.mark.parametrize("origin", [None, "https://b.example"])
def test_one_pass_gives_what_three_steps_give(headers: list[tuple[bytes, bytes]], origin: str | None) -> None:
    request_headers = Headers({"origin": origin} if origin else {})
    expected = _three_steps(headers, request_headers)
    message: Message = {"type": "http.response.start", "status": 200, "headers": list(headers)}
    rules = cors()
    OutgoingHeaders(SECURITY_RAW_HEADERS, raw_headers(rules.simple_headers)).apply(
        message, REQUEST_ID, origin is not None
    )

    def normal(m: Message) -> list[tuple[bytes, bytes]]:
        return sorted((name.lower(), value) for name, value in m["headers"])

    assert normal(message) == normal(expected)
