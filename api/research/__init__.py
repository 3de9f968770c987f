"""Research answers built on the query layer: figures under their stated rules, the
mission snapshot, series and contributions, grouped counts, the dataset's version and
how to cite it."""
