"""danvan-site: a static news-archive generator for Vietnamese local-government bulletins."""

__version__ = "0.1.0"
