"""How to cite: a source as BibTeX or CSL-JSON, and the dataset itself.

Both faces render from these (REST ``/v1/sources/{id}?format=bibtex|csl-json`` and
``/v1/meta``; GraphQL ``source.bibtex``, ``source.cslJson`` and ``meta``)."""

from __future__ import annotations

import re
from typing import Any

import orjson

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


def dataset_citation(version: str) -> dict[str, str]:
    """The dataset's citation, naming the version that answered."""
    text = f"peaceops contributors. {DATASET_TITLE} (dataset version {version}). Data licensed CC BY 4.0."
    bibtex = (
        f"@misc{{peaceops-{version[:12]},\n"
        f"  title = {{{_bib(DATASET_TITLE)}}},\n"
        f"  author = {{{{peaceops contributors}}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{Data licensed CC BY 4.0; code MIT. Dataset version {version}}}\n"
        f"}}\n"
    )
    return {"text": text, "bibtex": bibtex}
