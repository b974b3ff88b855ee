// person_profile
// Everything the graph says about one person, found by name, any alias or surname (case-insensitive): offices,
// meetings, visits and signatures, one row per fact, with when the articles stating it appeared.
:param name => 'Shoigu';
:param minConfidence => 0.0;
MATCH (p:Person)
WHERE any(n IN [p.name] + coalesce(p.aliases, [])
          WHERE toLower(n) = toLower($name) OR (toLower(n) ENDS WITH (' ' + toLower($name))))
MATCH (p)-[r]->(other)
WHERE type(r) <> 'MENTIONS' AND r.confidence >= $minConfidence
RETURN p.name AS person, p.titles AS titles, type(r) AS relationship, other.name AS other,
       labels(other)[0] AS other_type, r.title AS title, r.first_seen AS first_seen, r.last_seen AS last_seen,
       r.confidence AS confidence, r.sources AS sources
ORDER BY relationship, other, coalesce(first_seen, ''), coalesce(title, '')
