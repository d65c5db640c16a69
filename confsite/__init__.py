"""confsite: a static website generator for academic conferences."""

__version__ = "0.1.0"
