// office_holders
// Who held which office on a date: for each office (a title at a ministry, organization or country), the holder
// whose evidence is latest on or before $date (an ISO date, YYYY-MM-DD; empty means today). Evidence dates are
// the publication dates of the articles stating it (first_seen … last_seen); a fact seen both before and after
// $date counts as holding on it. A person is listed only under the office of theirs at that institution with the
// latest evidence (a deputy who became minister is no longer shown as deputy). Offices stated only by articles
// without a date are left out.
:param date => '';
:param minConfidence => 0.0;
WITH CASE WHEN $date = '' THEN toString(date()) ELSE $date END AS day
MATCH (p:Person)-[h:HOLDS_POSITION]->(o)
WHERE h.confidence >= $minConfidence AND h.first_seen IS NOT NULL AND h.first_seen <= day
WITH day, p, h, o, CASE WHEN h.last_seen <= day THEN h.last_seen ELSE day END AS seen
WITH day, p, o, collect({title: h.title, seen: seen, first_seen: h.first_seen, last_seen: h.last_seen,
                         sources: h.sources}) AS offices, max(seen) AS latest
UNWIND offices AS office
WITH day, p, o, office WHERE office.seen = latest
WITH day, o, office.title AS title, collect({holder: p.name, office: office}) AS holders, max(office.seen) AS latest
UNWIND holders AS entry
WITH day, o, title, entry WHERE entry.office.seen = latest
RETURN day AS date, title, o.name AS institution, labels(o)[0] AS institution_type, entry.holder AS holder,
       entry.office.first_seen AS first_seen, entry.office.last_seen AS last_seen, entry.office.sources AS sources
ORDER BY institution, title, holder
