"""kb: a knowledge base and search engine for Chinese office practice and speeches."""

__version__ = "0.1.0"
