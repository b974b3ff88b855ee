"""kg: news articles on Russian–Armenian defense cooperation → a typed knowledge graph."""

__version__ = "0.1.0"
