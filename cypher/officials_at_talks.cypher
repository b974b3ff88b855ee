// officials_at_talks
// Which officials attended which talks, visits and phone calls, with the place, date and CAMEO event code.
// One row per meeting; $minConfidence drops attendance facts below that confidence (0–1).
:param minConfidence => 0.0;
MATCH (p:Person)-[a:ATTENDED]->(m:Meeting)
WHERE a.confidence >= $minConfidence
OPTIONAL MATCH (m)-[:HELD_IN]->(where)
WITH m, p, where ORDER BY where.name
WITH m, p, collect(DISTINCT where.name) AS places
ORDER BY p.name
WITH m, collect(p.name) AS officials, head(places) AS place
RETURN m.name AS meeting, m.kind AS kind, m.cameo AS cameo, m.date AS date,
       coalesce(place, m.place) AS place, officials, m.sources AS sources
ORDER BY coalesce(m.date, ''), meeting
