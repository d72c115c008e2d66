-- Aggregates' privacy (issue 10, item 3): how many REAL (non-synthetic) households each unit_stats row counts, so
-- sql/functions/access_privacy.sql can tell a purely synthetic aggregate (never suppressed) from one that counts real
-- households (suppressed for callers without scope when a count lies in 1..k-1). Filled by
-- chiphao_refresh_unit_stats; existing rows are backfilled by the next refresh (0 until then is wrong only for a
-- database that already holds real households, so such rows are refreshed here).
alter table unit_stats add column real_households integer not null default 0;
update unit_stats u set real_households = r.n
  from (select h.unit_code, s.year, count(*)::int n
          from households h join survey_rounds s on s.household_id = h.id
         where not h.synthetic group by h.unit_code, s.year) r
 where u.unit_code = r.unit_code and u.year = r.year;
