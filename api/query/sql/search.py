"""Full-text search in a list: which records match ``q`` (FTS5 on SQLite, a tsvector on
PostgreSQL, both over ``search_document``), and how well (relevance).

The condition has two spellings: ``id IN (the matching documents)`` reads every match
(best when matches are few), while the probe asks, row by row in the list's order,
whether that row's document matches (best when matches are many: a page ends after a
few rows). SQLite's planner cannot tell the two cases apart; the store estimates and
chooses (``api.query.sql.sqlite_paths``); PostgreSQL always reads the matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from api.query.resources import RELEVANCE, Resource
from api.query.spec import ListQuery
from api.query.sql.binding import Binder

__all__ = [
    "fts_match",
    "matching",
    "matching_documents",
    "rank",
    "ranked",
    "search_condition",
    "search_terms",
]

_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(q: str) -> list[str]:
    return _WORD.findall(q)


def ranked(query: ListQuery) -> bool:
    """Whether the query sorts by relevance (and so its rows carry their rank)."""
    return any(k.field == RELEVANCE for k in query.sort)


def rank(resource: Resource, q: str | None, binder: Binder) -> Callable[[], sa.ColumnElement[Any]]:
    """What builds a record's relevance to ``q``: a non-negative score, higher is better,
    on both engines. SQLite: FTS5's bm25 (titles weigh ten times the body), negated (bm25
    gives better matches lower, negative numbers); PostgreSQL: ts_rank. An ordering score:
    it ranks the matches of one query, and means nothing across queries or engines. 0 for
    every row without search words. The parameters are bound now, the expression built
    when called."""
    terms = search_terms(q or "")
    if not terms:
        # An expression, not a constant: ORDER BY 0 would mean a column position.
        return lambda: sa.cast(sa.literal_column("0"), sa.Float)
    res = binder.bind(resource.name)
    sqlite = binder.sqlite
    words = binder.bind(fts_match(terms) if sqlite else " ".join(terms))
    return lambda: _rank(resource, sqlite, res, words)


def _rank(resource: Resource, sqlite: bool, res: Any, words: Any) -> sa.ColumnElement[Any]:
    doc = documents()
    if sqlite:
        fts = sa.table("search_fts", sa.column("rowid"))
        match = words
        # 0.0 - bm25, not -bm25: a score of zero is then 0.0, never -0.0.
        score: Any = sa.literal(0.0, sa.Float) - sa.func.bm25(sa.literal_column("search_fts"), 10.0, 1.0)
        sub = (
            sa.select(score)
            .select_from(fts.join(doc, doc.c.rowid == fts.c.rowid))
            .where(sa.literal_column("search_fts").op("MATCH")(match))
        )
    else:
        rank = sa.func.ts_rank(doc.c.tsv, sa.func.plainto_tsquery(sa.literal_column("'english'"), words))
        # ts_rank is a real; as a double it reaches the cursor and comes back exactly.
        score = sa.cast(rank, sa.Double())
        sub = sa.select(score).select_from(doc)
    sub = sub.where(doc.c.resource == res, doc.c.record_id == resource.table.c.id)
    return sub.scalar_subquery()


def search_condition(
    resource: Resource, q: str, binder: Binder, probe: bool = False
) -> Callable[[], sa.ColumnElement[bool]]:
    """What builds the condition on records whose search document matches ``q``:
    ``id IN (matches)``, or with ``probe`` an EXISTS per row (see the module's docstring)."""
    terms = search_terms(q)
    if not terms:
        return sa.false  # a search for no word matches nothing
    matches = matching(resource, terms, binder)

    def condition() -> sa.ColumnElement[bool]:
        sub = matches()
        if probe:
            record_id = sub.selected_columns[0]  # the document's record_id
            return sa.exists(sub.where(record_id == resource.table.c.id))
        return resource.table.c.id.in_(sub)

    return condition


def matching(resource: Resource, terms: list[str], binder: Binder) -> Callable[[], sa.Select[Any]]:
    """What builds the ids of the resource's records whose search document matches the
    words (bound now)."""
    build = matching_documents(resource, terms, binder)
    return lambda: build()[0]


def matching_documents(
    resource: Resource, terms: list[str], binder: Binder
) -> Callable[[], tuple[sa.Select[Any], sa.TableClause]]:
    """``matching``, with the ``search_document`` table the select reads, for clauses
    and an order on the documents' own columns."""
    res = binder.bind(resource.name)
    sqlite = binder.sqlite
    words = binder.bind(fts_match(terms) if sqlite else " ".join(terms))

    def build() -> tuple[sa.Select[Any], sa.TableClause]:
        doc = documents()
        return _matching(doc, sqlite, res, words), doc

    return build


def _matching(doc: sa.TableClause, sqlite: bool, res: Any, words: Any) -> sa.Select[Any]:
    if sqlite:
        match = words
        fts = sa.table("search_fts", sa.column("rowid"))
        sub = (
            sa.select(doc.c.record_id)
            .join(fts, fts.c.rowid == doc.c.rowid)
            .where(doc.c.resource == res, sa.literal_column("search_fts").op("MATCH")(match))
        )
    else:
        sub = sa.select(doc.c.record_id).where(
            doc.c.resource == res,
            doc.c.tsv.op("@@")(sa.func.plainto_tsquery(sa.literal_column("'english'"), words)),
        )
    return sub


def fts_match(terms: list[str]) -> str:
    """An FTS5 query: every word, each as a quoted phrase (no operators from users)."""
    return " ".join(f'"{t}"' for t in terms)


def documents() -> sa.TableClause:
    return sa.table(
        "search_document",
        sa.column("rowid"),
        sa.column("resource"),
        sa.column("record_id"),
        sa.column("sort_key"),
        sa.column("tsv"),
    )
