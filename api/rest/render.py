"""Renders query results: JSON pages with ETags, and CSV / NDJSON streams."""

from __future__ import annotations

import csv
import functools
import io
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import orjson
import xxhash
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from api.errors import NotAcceptable
from api.query import FieldType, Page, Resource
from api.query.store import JsonPage
from api.rest.links import page_urls
from api.service.conditional import etag_matches
from api.service.request_headers import raw_header

__all__ = [
    "CACHE_CONTROL",
    "EncodedJson",
    "choose_format",
    "csv_stream",
    "json_response",
    "ndjson_stream",
    "page_body",
    "page_json_body",
    "project",
    "text_stream",
    "with_children",
]

CACHE_CONTROL = "public, max-age=60"
_MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
_ACCEPT = {
    "application/json": "json",
    "application/*": "json",
    "*/*": "json",
    "text/csv": "csv",
    "text/*": "csv",
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
    "application/problem+json": "json",
}


def choose_format(request: Request, explicit: str | None, *, streams: bool = True) -> str:
    """``format=`` wins; otherwise the first Accept type we serve; JSON by default."""
    if explicit is not None:
        return explicit
    accept = request.headers.get("accept")
    if not accept:
        return "json"
    fmt = _accepted(accept, streams)
    if fmt is None:
        raise NotAcceptable(
            f"cannot produce any of {accept!r}; available: "
            + ", ".join(_MEDIA.values() if streams else [_MEDIA["json"]])
        )
    return fmt


@functools.lru_cache(maxsize=256)  # clients send a few Accept headers, again and again
def _accepted(accept: str, streams: bool) -> str | None:
    """The format of the first type in ``accept`` that we serve; None for none."""
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *options = (p.strip() for p in part.split(";"))
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, i, media.lower()))
    for quality, _, media in sorted(ranked):
        fmt = _ACCEPT.get(media)
        if quality < 0 and fmt is not None and (streams or fmt == "json"):
            return fmt
    return None


def project(row: dict[str, Any], fields: tuple[str, ...] | None, expand: tuple[str, ...]) -> dict[str, Any]:
    if fields is None:
        return row
    return {k: row[k] for k in (*fields, *expand) if k in row}


def page_body(
    request: Request,
    page: Page,
    fields: tuple[str, ...] | None,
    expand: tuple[str, ...],
    warnings: list[dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], str | None]:
    """The page's document; ``warnings`` (``api.query.hints``), when there are any, go in
    ``meta.warnings``."""
    data = [project(r, fields, expand) for r in page.rows] if fields is not None else page.rows
    url, next_base = page_urls(request)
    next_url = None if page.next_cursor is None else next_base + page.next_cursor
    meta: dict[str, Any] = {
        "count": page.count,
        "next_cursor": page.next_cursor,
        "dataset_version": page.dataset_version,
    }
    if warnings:
        meta["warnings"] = warnings
    body = {"data": data, "meta": meta, "links": {"self": url, "next": next_url}}
    return body, next_url


def page_json_body(
    request: Request, page: JsonPage, warnings: list[dict[str, Any]] | None = None
) -> tuple[bytes, str | None]:
    """``page_body`` for a page whose records the database wrote (``Store.list_json``):
    the same document, its records spliced in as they are."""
    url, next_base = page_urls(request)
    next_url = None if page.next_cursor is None else next_base + page.next_cursor
    meta: dict[str, Any] = {
        "count": page.count,
        "next_cursor": page.next_cursor,
        "dataset_version": page.dataset_version,
    }
    if warnings:
        meta["warnings"] = warnings
    # {"meta":…,"links":…} written once, its opening brace replaced by the records
    rest = orjson.dumps({"meta": meta, "links": {"self": url, "next": next_url}})
    return b"".join((b'{"data":[', b",".join(page.records), b"],", memoryview(rest)[1:])), next_url


def json_response(
    request: Request, body: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A JSON body (``bytes``: already encoded) with a strong ETag (over its bytes, unless
    ``headers`` brings the record's version ETag); 304 when If-None-Match matches."""
    content = body if isinstance(body, bytes) else orjson.dumps(body)
    etag = '"' + xxhash.xxh3_128_hexdigest(content) + '"'
    out_headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept"}
    if headers:
        out_headers.update(headers)
    if status == 200 and etag_matches(raw_header(request.scope, b"if-none-match"), out_headers["ETag"]):
        return Response(status_code=304, headers=out_headers)
    return EncodedJson(content, status, out_headers)


class EncodedJson(Response):
    """A JSON response whose body is bytes already: its headers are encoded in one pass,
    where ``Response`` looks at each one again for a content type and a length."""

    media_type = "application/json"

    def __init__(self, content: bytes, status: int, headers: dict[str, str]) -> None:
        self.status_code = status
        self.background = None
        self.body = content
        self.raw_headers = [
            *((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()),
            (b"content-length", str(len(content)).encode("latin-1")),
            (b"content-type", b"application/json"),
        ]


def record_etag(version: int) -> str:
    """A record's ETag is its version: what PATCH and DELETE take as If-Match."""
    return f'"v{version}"'


def _csv_item(item: Any) -> str:
    if isinstance(item, dict):
        return str(item["id"]) if "id" in item else ":".join(map(str, item.values()))
    return str(item)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(map(_csv_item, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_stream(
    resource: Resource,
    batches: Iterator[Sequence[Sequence[Any]]],
    fields: tuple[str, ...] | None,
    expand: tuple[str, ...] = (),
) -> StreamingResponse:
    """CSV of every row; lists are joined with ';' (expanded records as their id, or their
    values joined with ':'), booleans are true/false, NULL is empty."""
    names = resource.field_names + expand
    header = (fields if fields is not None else resource.field_names) + expand
    indexes = [names.index(f) for f in header]
    special = {FieldType.strings, FieldType.boolean}
    needs_cells = bool(expand) or any(resource.field(f).type in special for f in header)
    plain = indexes == list(range(len(names))) and not needs_cells

    def generate() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        yield _take(buffer).encode()
        for batch in batches:
            rows: Sequence[Sequence[Any]]
            if plain:
                rows = batch
            elif needs_cells:
                rows = [[_csv_cell(row[i]) for i in indexes] for row in batch]
            else:
                rows = [[row[i] for i in indexes] for row in batch]
            writer.writerows(rows)
            text = _take(buffer)
            if "\r" in text:  # rare: a carriage return in some text
                text = _quoting_cr(rows)
            yield text.encode()

    return _streaming(resource, "csv", generate())


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _quoting_cr(rows: Sequence[Sequence[Any]]) -> str:
    """The rows as CSV with a carriage return quoted like a line feed. The csv module
    quotes only the characters of its line terminator ("\n" here), and a reader takes a
    lone CR for the end of a row; written with "\r\n" it quotes both, and each row's
    terminator is then put back to "\n"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in rows:
        writer.writerow(row)
        lines.append(_take(buffer)[:-2] + "\n")
    return "".join(lines)


def ndjson_stream(
    resource: Resource,
    batches: Iterator[Sequence[Sequence[Any]]],
    fields: tuple[str, ...] | None,
    expand: tuple[str, ...] = (),
) -> StreamingResponse:
    names = resource.field_names + expand
    selected = (fields if fields is not None else resource.field_names) + expand
    indexes = [names.index(f) for f in selected]

    def generate() -> Iterator[bytes]:
        for batch in batches:
            yield b"".join(
                orjson.dumps(dict(zip(selected, (row[i] for i in indexes), strict=True))) + b"\n"
                for row in batch
            )

    return _streaming(resource, "ndjson", generate())


def text_stream(
    resource: Resource, chunks: Iterator[bytes], fmt: str, fields: tuple[str, ...] | None
) -> StreamingResponse:
    """Rows the database rendered (``Store.stream_text``): CSV gets its header line."""
    if fmt == "csv":
        header = ",".join(fields if fields is not None else resource.field_names) + "\n"
        chunks = itertools.chain([header.encode()], chunks)
    return _streaming(resource, fmt, chunks)


def _streaming(resource: Resource, fmt: str, body: Iterator[bytes]) -> StreamingResponse:
    headers = {"Cache-Control": CACHE_CONTROL}
    if fmt == "csv":
        headers["Content-Disposition"] = f'attachment; filename="{resource.name}.csv"'
    return StreamingResponse(body, media_type=_MEDIA[fmt], headers=headers)


def with_children(
    batches: Iterator[Sequence[Sequence[Any]]], expand: tuple[str, ...], load: Any
) -> Iterator[Sequence[Sequence[Any]]]:
    """Append each expansion's records to every row, one lookup per batch and relation.
    ``load(relation, ids)`` returns ``{id: [records]}``; the id is the first column."""
    for batch in batches:
        ids = [row[0] for row in batch]
        found = [load(relation, ids) for relation in expand]
        yield [(*row, *(f.get(row[0], []) for f in found)) for row in batch]
