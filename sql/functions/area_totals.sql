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

-- chiphao_area_totals(area, year) → one jsonb:
--   area_km2     geodesic area of the area
--   countries    per country with households inside: households, persons, households_by_status, persons_by_status,
--                dimension_counts / indicator_counts (households deprived in each, poverty_models order), synthetic
--   communes     lowest-level units whose interior meets the area's (or holding a household inside): households inside, the
--                unit's households of the year (unit_stats), especially_difficult
--   projects     infrastructure_projects intersecting the area
-- Household data leaves only as aggregates: the public may see these (sql/functions/household_scope.sql).
create or replace function chiphao_area_totals(p_area geometry, p_year integer)
returns jsonb
language sql stable as $$
  with inside as materialized (
    select * from chiphao_area_households(p_area, p_year)
  ),
  per_country as (
    select i.country, count(*)::int as households, coalesce(sum(i.size), 0)::int as persons, bool_or(i.synthetic) as synthetic
      from inside i group by i.country
  ),
  per_status as (
    select g.country, jsonb_object_agg(g.status, g.n) as households_by_status, jsonb_object_agg(g.status, g.p) as persons_by_status
      from (select i.country, i.status, count(*)::int as n, sum(i.size)::int as p from inside i group by 1, 2) g
     group by g.country
  ),
  dims as (
    select pm.country,
           array_agg((select count(*) from inside i where i.country = pm.country and (i.dimension_mask >> (j - 1)) & 1 = 1)::int order by j) as counts
      from poverty_models pm cross join generate_series(1, coalesce(cardinality(pm.dimensions), 0)) j
     where pm.country in (select country from per_country)
     group by pm.country
  ),
  inds as (
    select pm.country,
           array_agg((select count(*) from inside i where i.country = pm.country and (i.indicator_mask >> (j - 1)) & 1 = 1)::int order by j) as counts
      from poverty_models pm cross join generate_series(1, coalesce(cardinality(pm.indicators), 0)) j
     where pm.country in (select country from per_country)
     group by pm.country
  ),
  leaf as (
    select l.country, max(l.level) as level from admin_levels l group by l.country
  ),
  communes as (
    select u.code, u.name, u.name_en, u.country, u.parent_code, coalesce(u.especially_difficult, false) as especially_difficult,
           coalesce(n.n, 0) as households_inside, st.households as households_total
      from current_admin_units u
      join leaf on leaf.country = u.country and leaf.level = u.level
      left join (select i.unit_code, count(*)::int as n from inside i group by 1) n on n.unit_code = u.code
      left join unit_stats st on st.unit_code = u.code and st.year = p_year
     -- interiors that meet (a neighbour of picked communes only touches them), or holding a household inside
     where u.code in (select c.code from current_admin_units c
                       where ST_Intersects(c.geom, p_area) and not ST_Touches(c.geom, p_area)  -- GiST, then exact
                      union select i.unit_code from inside i)
  )
  select jsonb_build_object(
    'area_km2', ST_Area(p_area::geography) / 1e6,
    'countries', coalesce((
      select jsonb_agg(jsonb_build_object(
               'country', c.country, 'households', c.households, 'persons', c.persons, 'synthetic', c.synthetic,
               'households_by_status', s.households_by_status, 'persons_by_status', s.persons_by_status,
               'dimensions', pm.dimensions, 'dimension_counts', coalesce(d.counts, '{}'),
               'indicators', pm.indicators, 'indicator_counts', coalesce(x.counts, '{}')) order by c.country)
        from per_country c
        join per_status s on s.country = c.country
        left join poverty_models pm on pm.country = c.country
        left join dims d on d.country = c.country
        left join inds x on x.country = c.country), '[]'::jsonb),
    'communes', coalesce((
      select jsonb_agg(jsonb_build_object(
               'code', m.code, 'name', m.name, 'name_en', m.name_en, 'country', m.country, 'parent_code', m.parent_code,
               'especially_difficult', m.especially_difficult,
               'households_inside', m.households_inside, 'households_total', m.households_total)
             order by m.households_inside desc, m.code)
        from communes m), '[]'::jsonb),
    'projects', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', p.id, 'name', p.name, 'type', p.type, 'status', p.status, 'budget', p.budget,
               'currency', p.currency, 'synthetic', p.synthetic) order by p.name, p.id)
        from infrastructure_projects p
       where ST_Intersects(p.geom, p_area)), '[]'::jsonb)
  )
$$;

-- chiphao_area_overlap(a, b, year) → the overlap of two areas: its km², and the households inside both areas (the
-- points, tested against each area, so a point on the overlap's edge counts as it does in each area's totals).
create or replace function chiphao_area_overlap(p_a geometry, p_b geometry, p_year integer)
returns table (area_km2 double precision, households integer)
language sql stable as $$
  select coalesce(ST_Area(ST_CollectionExtract(ST_Intersection(p_a, p_b), 3)::geography) / 1e6, 0),
         (select count(*)::int
            from households h
            join survey_rounds s on s.household_id = h.id and s.year = p_year
           where h.geom_3857 && ST_Transform(p_a, 3857) and h.geom_3857 && ST_Transform(p_b, 3857)
             and ST_Intersects(h.geom, p_a) and ST_Intersects(h.geom, p_b))
$$;
