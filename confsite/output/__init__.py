"""Output: the built files written atomically, the search index, the record of an unchanged build."""
