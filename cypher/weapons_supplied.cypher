// weapons_supplied
// Who supplies which weapons to whom: weapon, category, supplier, recipient and quantity when stated (one row per
// quantity: different deals stay apart, each with its sources), and when the articles stating it appeared.
:param minConfidence => 0.0;
MATCH (w:Weapon)-[s:SUPPLIED_TO]->(r:Country)
WHERE s.confidence >= $minConfidence
OPTIONAL MATCH (w)-[:SUPPLIED_BY]->(by)
WITH w, s, r, collect(DISTINCT by.name) AS suppliers
RETURN w.name AS weapon, w.category AS category, coalesce(s.supplier, head(suppliers)) AS supplier,
       r.name AS recipient, s.quantity AS quantity, s.first_seen AS first_seen, s.last_seen AS last_seen,
       s.confidence AS confidence, s.sources AS sources
ORDER BY weapon, recipient, coalesce(quantity, -1)
