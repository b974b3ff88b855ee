// evidence
// The sentences behind every fact about one entity (any label), found by name, alias or surname: what each
// relationship says, the articles it came from and the rule's confidence.
:param name => 'CSTO';
:param minConfidence => 0.0;
MATCH (e)
WHERE any(n IN [e.name] + coalesce(e.aliases, [])
          WHERE toLower(n) = toLower($name) OR (toLower(n) ENDS WITH (' ' + toLower($name))))
MATCH (e)-[r]-(other)
WHERE type(r) <> 'MENTIONS' AND r.confidence >= $minConfidence
RETURN startNode(r).name AS subject, type(r) AS relationship, endNode(r).name AS object,
       r.evidence AS evidence, r.sources AS sources, r.first_seen AS first_seen, r.last_seen AS last_seen,
       r.confidence AS confidence
ORDER BY subject, relationship, object, coalesce(first_seen, '')
