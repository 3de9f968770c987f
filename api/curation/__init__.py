"""Curation: everything that writes the dataset. The record schemas and the checks shared
by every writer (``records``, ``references``, ``rules``), the one write path
(``writer``), the seed loader and dumper, data-package import and export, the Curator
behind the API's writes with its keys, permissions and revisions, and the search
documents the writes keep."""
