// agreements
// Agreements, memoranda, loans and contracts: parties, signers, date, status and what they cover.
:param minConfidence => 0.0;
MATCH (a:Agreement)
OPTIONAL MATCH (party)-[pt:PARTY_TO]->(a) WHERE pt.confidence >= $minConfidence
WITH a, party ORDER BY party.name
WITH a, collect(DISTINCT party.name) AS parties
OPTIONAL MATCH (signer:Person)-[sg:SIGNED]->(a) WHERE sg.confidence >= $minConfidence
WITH a, parties, signer ORDER BY signer.name
WITH a, parties, collect(DISTINCT signer.name) AS signers
OPTIONAL MATCH (a)-[cv:COVERS]->(item) WHERE cv.confidence >= $minConfidence
WITH a, parties, signers, item ORDER BY item.name
WITH a, parties, signers, collect(DISTINCT item.name) AS covers
RETURN a.name AS agreement, a.kind AS kind, a.status AS status, a.date AS date, parties, signers, covers,
       a.sources AS sources
ORDER BY coalesce(a.date, ''), agreement
