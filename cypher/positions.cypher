// positions
// Offices people hold, as the articles state them: person, title, institution and its kind, and when the articles
// stating it appeared (first_seen … last_seen). One row per office, so a person's rows read as a career.
:param minConfidence => 0.0;
MATCH (p:Person)-[h:HOLDS_POSITION]->(o)
WHERE h.confidence >= $minConfidence
RETURN p.name AS person, h.title AS title, o.name AS institution, labels(o)[0] AS institution_type,
       h.first_seen AS first_seen, h.last_seen AS last_seen, h.confidence AS confidence, h.sources AS sources
ORDER BY person, coalesce(first_seen, ''), institution, title
