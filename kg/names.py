"""Transliteration-insensitive person-name keys (rules in ``kg/data/transliteration.yaml``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.data import read_yaml


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[tuple[re.Pattern[str], str], ...], float]:
    data = read_yaml("transliteration.yaml")
    return tuple((re.compile(p), r) for p, r in data["rules"]), float(data["surname_similarity"])


def name_key(name: str) -> str:
    """Transliteration-insensitive key of a person's name: ``Sergey Shoygu``, ``Sergei Shoigu`` → ``sergei shoigu``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"[^a-z\s-]", "", folded)
    for pattern, replacement in _rules()[0]:
        folded = pattern.sub(replacement, folded)
    return re.sub(r"\s+", " ", folded).strip()


def surname_similarity() -> float:
    """How alike two surname keys must be (difflib ratio) to be one person with the same first name."""
    return _rules()[1]
