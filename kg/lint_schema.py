"""The schema Neo4j's Cypher linter checks saved queries against, generated from ``kg.model``.

``python -m kg.lint_schema > schema.json`` prints labels, relationship types, property keys, the allowed
``(from)-[type]->(to)`` patterns and the saved queries' parameters, in the DbSchema shape that
``tools/cypherlint/lint.mjs --schema`` reads: a typo'd label, type or property then fails the check.
"""

from __future__ import annotations

import json
from typing import Any

from kg.model import LABELS, NODE_CLASSES, REL_PATTERNS, REL_PROP_KEYS


def lint_schema() -> dict[str, Any]:
    properties = {name for cls in NODE_CLASSES.values() for name in cls.model_fields if name != "label"}
    properties |= set(REL_PROP_KEYS)
    patterns = [{"from": start, "relType": rel_type, "to": end}
                for rel_type, (starts, ends) in sorted(REL_PATTERNS.items())
                for start in sorted(starts) for end in sorted(ends)]
    return {"labels": list(LABELS), "relationshipTypes": sorted(REL_PATTERNS), "propertyKeys": sorted(properties),
            "graphSchema": patterns}


def main() -> None:
    print(json.dumps(lint_schema(), indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
