// bases
// Military bases: where each is and which country operates it.
:param minConfidence => 0.0;
MATCH (b:Base)
OPTIONAL MATCH (b)-[l:LOCATED_IN]->(where) WHERE l.confidence >= $minConfidence
WITH b, where ORDER BY where.name
WITH b, collect(DISTINCT where.name) AS located_in
OPTIONAL MATCH (operator:Country)-[o:OPERATES]->(b) WHERE o.confidence >= $minConfidence
WITH b, located_in, operator ORDER BY operator.name
RETURN b.name AS base, located_in, collect(DISTINCT operator.name) AS operated_by, b.sources AS sources
ORDER BY base
