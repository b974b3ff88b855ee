"""Domain knowledge kept as data files (edit these, not Python): boilerplate lines, lexicons, patterns."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def read_text(name: str) -> str:
    """The text of data file ``name`` shipped in this package."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


#: libyaml's C parser when PyYAML was built with it (ten times faster at start-up), else the pure-Python one
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(name: str) -> Any:
    """The parsed YAML data file ``name`` shipped in this package."""
    return yaml.load(read_text(name), Loader=_SAFE_LOADER)
