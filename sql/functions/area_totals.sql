-- Totals of a drawn area (issue 5, item 2): counts of household POINTS inside the area, never area-weighted guesses.
-- SRID in: 4326 (the area, already valid: server/src/areas/geometry.ts repairs or rejects it first).
-- Runs on PostgreSQL 15 + PostGIS 3.3 (server) and PGlite's PostGIS 3.6 alike: plain SQL, no version-specific syntax.

-- chiphao_area_households(area, year) → the households whose point lies inside (or on the edge of) the area, with
-- their survey round of `year`. The index: households has a GiST on geom_3857; Web Mercator maps longitude and
-- latitude separately and monotonically, so the 3857 box of the transformed area holds every point of the 4326
-- area's box; `&&` on that box uses the index, ST_Intersects in 4326 is the exact test.
create or replace function chiphao_area_households(p_area geometry, p_year integer)
returns table (id text, country text, unit_code text, size smallint, synthetic boolean, status text,
               dimension_mask integer, indicator_mask integer)
language sql stable parallel safe as $$
  select h.id, h.country, h.unit_code, h.size, h.synthetic, s.status, s.dimension_mask, s.indicator_mask
    from households h
    join survey_rounds s on s.household_id = h.id and s.year = p_year
   where h.geom_3857 && ST_Transform(p_area, 3857)
     and ST_Intersects(h.geom, p_area)
$$;

-- chiphao_area_totals(area, year, scope_countries, scope_leaves, k) → one jsonb:
--   area_km2     geodesic area of the area
--   countries    per country with households inside: households, persons, households_by_status, persons_by_status,
--                dimension_counts / indicator_counts (households deprived in each, poverty_models order), synthetic
--   communes     lowest-level units whose interior meets the area's (or holding a household inside): households inside, the
--                unit's households of the year (unit_stats), especially_difficult
--   projects     infrastructure_projects intersecting the area
-- Household data leaves only as aggregates, and small ones are suppressed (sql/functions/access_privacy.sql): a
-- country's totals are exact when every real household counted lies in the caller's scope (chiphao_in_scope), else
-- each count goes through chiphao_suppress with that country's real households inside; a commune's households
-- inside likewise with its own; its households of the year through chiphao_stats_disclosed. Hidden counts are JSON
-- null and their object says `suppressed: true`.
drop function if exists chiphao_area_totals(geometry, integer);
drop function if exists chiphao_area_overlap(geometry, geometry, integer);
create or replace function chiphao_area_totals(
  p_area geometry, p_year integer, p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns jsonb
language plpgsql stable
-- planned with a large area's value, the statement's estimated cost passes the JIT thresholds, and compiling its
-- ~200 expressions took longer than the whole count (12 s under load for 100 k households, against 2.5 s without)
set jit = off
as $$
-- PL/pgSQL, so the statement is planned with the area's value and the plan kept per connection: a SQL function's
-- body is planned on every call, blind to the area (1.55x the raw count at 10 k households, 1.24x like this)
begin
  return (
  -- One pass over the households inside: hashed grouping sets count them per unit, per status, per dimension mask
  -- and per indicator mask at once (kind = grouping(): 7 unit, 11 status, 13 dimension mask, 14 indicator mask);
  -- everything below reads these few groups, never the households again. A country's totals are the sums of its
  -- units; a dimension's count, the sum over the masks that hold its bit.
  with g as materialized (
    select i.country, i.unit_code, i.status, i.dimension_mask, i.indicator_mask,
           grouping(i.unit_code, i.status, i.dimension_mask, i.indicator_mask) as kind,
           count(*)::int as n, sum(i.size)::int as persons, count(*) filter (where not i.synthetic) as real,
           bool_or(i.synthetic) as synthetic
      from chiphao_area_households(p_area, p_year) i
     group by grouping sets ((i.country, i.unit_code), (i.country, i.status), (i.country, i.dimension_mask),
                             (i.country, i.indicator_mask))
  ),
  units as (
    select g.country, g.unit_code, g.n, g.persons, g.real, g.synthetic from g where g.kind = 7
  ),
  per_country as (
    select u.country, sum(u.n)::int as households, sum(u.persons)::int as persons, bool_or(u.synthetic) as synthetic,
           sum(u.real)::bigint as real,
           -- exact for the caller when every real household counted is in its scope
           coalesce(bool_and(chiphao_in_scope(u.country, u.unit_code, p_scope_countries, p_scope_leaves))
                      filter (where u.real > 0), true) as in_scope
      from units u group by u.country
  ),
  per_country_disclosed as (
    select c.country, c.synthetic, c.real, c.in_scope,
           chiphao_suppress(c.households, c.real, c.in_scope, p_k)::int as households,
           case when chiphao_suppress(c.households, c.real, c.in_scope, p_k) is null then null else c.persons end as persons
      from per_country c
  ),
  per_status as (
    select g.country, jsonb_object_agg(g.status, g.n) as households_by_status, jsonb_object_agg(g.status, g.persons) as persons_by_status
      from g where g.kind = 11
     group by g.country
  ),
  dims as (
    select pm.country,
           array_agg((select coalesce(sum(g.n), 0) from g
                       where g.kind = 13 and g.country = pm.country and (g.dimension_mask >> (j - 1)) & 1 = 1)::int order by j) as counts
      from poverty_models pm cross join generate_series(1, coalesce(cardinality(pm.dimensions), 0)) j
     where pm.country in (select country from per_country)
     group by pm.country
  ),
  inds as (
    select pm.country,
           array_agg((select coalesce(sum(g.n), 0) from g
                       where g.kind = 14 and g.country = pm.country and (g.indicator_mask >> (j - 1)) & 1 = 1)::int order by j) as counts
      from poverty_models pm cross join generate_series(1, coalesce(cardinality(pm.indicators), 0)) j
     where pm.country in (select country from per_country)
     group by pm.country
  ),
  leaf as (
    select l.country, max(l.level) as level from admin_levels l group by l.country
  ),
  -- interiors that meet (a neighbour of picked communes only touches them), or holding a household inside; the few
  -- codes drive the join, so no plan rescans them per unit of the country
  codes as materialized (
    select c.code from current_admin_units c
     where ST_Intersects(c.geom, p_area) and not ST_Touches(c.geom, p_area)  -- GiST, then exact
    union select u.unit_code from units u
  ),
  communes as (
    select u.code, u.name, u.name_en, u.country, u.parent_code, coalesce(u.especially_difficult, false) as especially_difficult,
           chiphao_suppress(coalesce(n.n, 0), n.real, chiphao_in_scope(u.country, u.code, p_scope_countries, p_scope_leaves), p_k)::int as households_inside,
           (chiphao_stats_disclosed(st, p_scope_countries, p_scope_leaves, p_k)).households as households_total
      from codes k
      join current_admin_units u on u.code = k.code
      join leaf on leaf.country = u.country and leaf.level = u.level
      left join units n on n.unit_code = u.code
      left join unit_stats st on st.unit_code = u.code and st.year = p_year
  )
  select jsonb_build_object(
    'area_km2', ST_Area(p_area::geography) / 1e6,
    'countries', coalesce((
      select jsonb_agg(jsonb_build_object(
               'country', c.country, 'households', c.households, 'persons', c.persons, 'synthetic', c.synthetic,
               'households_by_status', hbs.j,
               'persons_by_status', (select coalesce(jsonb_object_agg(key, case when hbs.j -> key = 'null'::jsonb then 'null'::jsonb else value end), '{}'::jsonb)
                                       from jsonb_each(s.persons_by_status)),
               'dimensions', pm.dimensions,
               'dimension_counts', coalesce(sup.dims, '{}'),
               'indicators', pm.indicators,
               'indicator_counts', coalesce(sup.inds, '{}'),
               'suppressed', c.households is null or hbs.j::text like '%null%'
                             or array_position(sup.dims, null) is not null
                             or array_position(sup.inds, null) is not null)
             order by c.country)
        from per_country_disclosed c
        join per_status s on s.country = c.country
        cross join lateral (select chiphao_suppress_counts(s.households_by_status, c.real, c.in_scope, p_k) as j) hbs
        left join poverty_models pm on pm.country = c.country
        left join dims d on d.country = c.country
        left join inds x on x.country = c.country
        -- each country's deprivation counts suppressed once, read by the counts and by the `suppressed` flag
        cross join lateral (select chiphao_suppress_array(d.counts, c.real, c.in_scope, p_k) as dims,
                                   chiphao_suppress_array(x.counts, c.real, c.in_scope, p_k) as inds) sup), '[]'::jsonb),
    'communes', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', m.code, 'name', m.name, 'name_en', m.name_en, 'country', m.country, 'parent_code', m.parent_code,
               'especially_difficult', m.especially_difficult,
               'households_inside', m.households_inside, 'households_total', m.households_total,
               'suppressed', m.households_inside is null or (m.households_total is null and exists (
                 select 1 from unit_stats st where st.unit_code = m.code and st.year = p_year)))
             order by m.households_inside desc nulls last, m.code)
        from communes m), '[]'::jsonb),
    'projects', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', p.id, 'name', p.name, 'type', p.type, 'status', p.status, 'budget', p.budget,
               'currency', p.currency, 'synthetic', p.synthetic) order by p.name, p.id)
        from infrastructure_projects p
       where ST_Intersects(p.geom, p_area)), '[]'::jsonb)
  )
  );
end
$$;

-- chiphao_area_overlap(a, b, year, scope_countries, scope_leaves, k) → the overlap of two areas: its km², and the
-- households inside both areas (the points, tested against each area, so a point on the overlap's edge counts as it
-- does in each area's totals), suppressed like the totals (null when hidden).
create or replace function chiphao_area_overlap(
  p_a geometry, p_b geometry, p_year integer, p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns table (area_km2 double precision, households integer)
language sql stable as $$
  select coalesce(ST_Area(ST_CollectionExtract(ST_Intersection(p_a, p_b), 3)::geography) / 1e6, 0),
         (select chiphao_suppress(count(*), count(*) filter (where not h.synthetic),
                                  coalesce(bool_and(h.synthetic or chiphao_in_scope(h.country, h.unit_code, p_scope_countries, p_scope_leaves)), true),
                                  p_k)::int
            from households h
            join survey_rounds s on s.household_id = h.id and s.year = p_year
           where h.geom_3857 && ST_Transform(p_a, 3857) and h.geom_3857 && ST_Transform(p_b, 3857)
             and ST_Intersects(h.geom, p_a) and ST_Intersects(h.geom, p_b))
$$;
