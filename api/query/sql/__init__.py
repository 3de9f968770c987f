"""How a neutral query becomes SQL: the page, count and stream plans over one filter
(``plan``), bound values and statement shapes (``binding``, ``statements``), keyset
order and cursors (``keyset``, ``cursor``, ``cursor_key``), search (``search``),
child rows (``children``), the stored dataset version, and SQLite's shortcuts behind
one switch (``sqlite_paths``)."""
