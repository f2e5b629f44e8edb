"""pitboard: a static site generator for motorsport team race reports."""

__version__ = "0.1.0"
