"""Readers: one per kind of input file, each returning raw records that remember where they came from."""
