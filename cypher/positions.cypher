// positions
// Offices people hold, as the articles state them: person, title, institution and its kind.
:param minConfidence => 0.0;
MATCH (p:Person)-[h:HOLDS_POSITION]->(o)
WHERE h.confidence >= $minConfidence
RETURN p.name AS person, h.title AS title, o.name AS institution, labels(o)[0] AS institution_type,
       h.confidence AS confidence, h.sources AS sources
ORDER BY person, institution, title
