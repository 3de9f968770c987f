"""How to cite: a source as BibTeX or CSL-JSON, and the dataset itself.

Both faces render from these (REST ``/v1/sources/{id}?format=bibtex|csl-json`` and
``/v1/meta``; GraphQL ``source.bibtex``, ``source.cslJson`` and ``meta``)."""

from __future__ import annotations

import re
from typing import Any

import orjson

from api.research import types as T

__all__ = ["DATASET_TITLE", "LICENSES", "dataset_citation", "source_bibtex", "source_csl", "source_csl_json"]

DATASET_TITLE = "peaceops: sourced data on multinational security missions and peace operations in Haiti"
LICENSES = {
    "data": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    "code": {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/licenses/MIT"},
}

# CSL item types per source kind.
_CSL_TYPE = {
    "official": "report",
    "press": "article-newspaper",
    "dataset": "dataset",
    "academic": "article-journal",
}
_BIB_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bib(text: str) -> str:
    """Text safe inside BibTeX braces: LaTeX specials escaped."""

    def escape(match: re.Match[str]) -> str:
        char = match.group(1)
        if char == "\\":
            return r"\textbackslash{}"
        if char in "^~":
            return rf"\{char}{{}}"
        return "\\" + char

    return _BIB_SPECIAL.sub(escape, text)


def source_bibtex(source: dict[str, Any]) -> str:
    """One ``@misc`` entry keyed by the source id; the publisher as a corporate author."""
    fields = [("title", "{" + _bib(source["title"]) + "}"), ("author", "{" + _bib(source["publisher"]) + "}")]
    fields.append(("publisher", _bib(source["publisher"])))
    if source.get("published_on"):
        year, month, _ = source["published_on"].split("-")
        fields += [("year", year), ("month", _MONTHS[int(month) - 1])]
    if source.get("url"):
        fields.append(("url", source["url"]))
        fields.append(("howpublished", "\\url{" + source["url"] + "}"))
    fields.append(("note", f"Source kind: {source['kind']}"))
    body = ",\n".join(f"  {k} = {v if k == 'month' else '{' + v + '}'}" for k, v in fields)
    return f"@misc{{{source['id']},\n{body}\n}}\n"


def source_csl(source: dict[str, Any]) -> dict[str, Any]:
    """One CSL-JSON item (an array of these is a CSL-JSON document)."""
    item: dict[str, Any] = {
        "id": source["id"],
        "type": _CSL_TYPE.get(source["kind"], "document"),
        "title": source["title"],
        "publisher": source["publisher"],
        "author": [{"literal": source["publisher"]}],
    }
    if source.get("url"):
        item["URL"] = source["url"]
    if source.get("published_on"):
        item["issued"] = {"date-parts": [[int(p) for p in source["published_on"].split("-")]]}
    return item


def source_csl_json(source: dict[str, Any]) -> str:
    return orjson.dumps([source_csl(source)], option=orjson.OPT_INDENT_2).decode()


def dataset_citation(version: str, *, year: int | None, url: str) -> T.Citation:
    """The dataset's citation, naming the version that answered: as text, BibTeX and
    CSL-JSON, each with the dataset's year (``year``: the year of its latest source, so
    that the same data is cited alike by every server; None: no dated source), version and
    ``url`` (where it is served)."""
    when = f" ({year})" if year is not None else ""
    text = (
        f"peaceops contributors{when}. {DATASET_TITLE} (dataset version {version}). {url}. "
        "Data licensed CC BY 4.0."
    )
    fields = [("title", _bib(DATASET_TITLE)), ("author", "{peaceops contributors}")]
    if year is not None:
        fields.append(("year", str(year)))
    fields += [
        ("version", version),
        ("url", url),
        ("howpublished", "\\url{" + url + "}"),
        ("note", f"Data licensed CC BY 4.0; code MIT. Dataset version {version}"),
    ]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    key = f"peaceops-{version[:12]}"
    item: dict[str, Any] = {
        "id": key,
        "type": "dataset",
        "title": DATASET_TITLE,
        "author": [{"literal": "peaceops contributors"}],
        "version": version,
        "URL": url,
        "note": "Data licensed CC BY 4.0; code MIT.",
    }
    if year is not None:
        item["issued"] = {"date-parts": [[year]]}
    return T.Citation(text=text, bibtex=f"@misc{{{key},\n{body}\n}}\n", csl_json=[item])
