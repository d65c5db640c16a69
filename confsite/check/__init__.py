"""Checks of the whole site: links, paths, data files and images nothing else could check."""
