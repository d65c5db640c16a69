"""Assembling: what the readers found, cross-referenced into the view models templates get."""
