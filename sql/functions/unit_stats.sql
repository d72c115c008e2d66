-- Household aggregates per admin unit, every level and year; and the scope helper for household queries.
-- Runs on PostgreSQL 15 (server) and 18 (PGlite) alike: plain SQL + plpgsql, no version-specific syntax.

-- chiphao_unit_descendants(codes) → the given units and every unit below them (current vintage), with level.
-- A caller's scope (units they may see) is applied to households as
--   where h.unit_code in (select code from chiphao_unit_descendants(:scope))
create or replace function chiphao_unit_descendants(p_codes text[])
returns table (code text, level smallint)
language sql stable parallel safe as $$
  with recursive d as (
    select u.code, u.level from current_admin_units u where u.code = any(p_codes)
    union
    select c.code, c.level from current_admin_units c join d on c.parent_code = d.code
  )
  select d.code, d.level from d
$$;

-- chiphao_refresh_unit_stats(country, grid_tiles, units): recomputes unit_stats of one country from households +
-- survey_rounds; with units (lowest-level codes an import changed households of, before and after it wrote them),
-- only those units and their ancestors: an import of a few rows re-counted every household of the country (0.8 s
-- at 135 k households in Vietnam, 20 s and more at the national scale).
-- 1. the lowest level, grouped by (unit_code, year);
-- 2. each level above, from its children's rows through admin_units.parent_code (current vintage);
-- 3. the units of former vintages, each the sum of its current members (chiphao_refresh_member_stats);
-- 4. rebuilds the country's household grid (chiphao_refresh_household_grid, household_grid.sql), the low-zoom
--    household tiles' counts: all of it, or with p_grid_tiles (zoom-11 tiles, chiphao_household_grid_tiles) only
--    those tiles and the tiles above them, where an import says which households it changed;
-- 5. bumps data_version, so tiles and ETags built on the numbers change with them.
-- Idempotent: the country's rows are deleted and rebuilt. Status keys and array positions follow poverty_models
-- (the model's order; every status is present, zeros included). Each level is one GROUP BY pass: the per-status
-- and per-bit expressions are generated from poverty_models (ids quoted with %L, bit numbers are integers).
-- the one-argument form of earlier versions: with the optional tiles below, a call with one argument would match both
drop function if exists chiphao_refresh_unit_stats(text);
-- and the two-argument form (country, grid tiles), before the units were added
drop function if exists chiphao_refresh_unit_stats(text, integer[]);

create or replace function chiphao_refresh_unit_stats(
  p_country text, p_grid_tiles integer[] default null, p_units text[] default null)
returns void language plpgsql as $$
declare
  v_vintage text;
  v_deepest smallint;
  v_statuses text[];
  v_nd integer;
  v_ni integer;
  v_leaf text;
  v_roll text;
  v_level smallint;
  -- the units whose rows are recomputed at the level in hand (null: all of the country's)
  v_codes text[] := case when p_units is null then null else array(select distinct unnest(p_units)) end;
begin
  select current_vintage into v_vintage from countries where code = p_country;
  if v_vintage is null then
    raise exception 'chiphao_refresh_unit_stats: unknown country %', p_country;
  end if;
  select max(level) into v_deepest from admin_levels where country = p_country;
  select statuses, coalesce(array_length(dimensions, 1), 0), coalesce(array_length(indicators, 1), 0)
    into v_statuses, v_nd, v_ni from poverty_models where country = p_country;
  v_statuses := coalesce(v_statuses, '{}');
  v_nd := coalesce(v_nd, 0);
  v_ni := coalesce(v_ni, 0);

  -- lowest level: households_by_status, persons_by_status, dimension_counts, indicator_counts
  v_leaf :=
    'jsonb_build_object(' || coalesce((select string_agg(format('%L, count(*) filter (where s.status = %L)', st, st), ', ')
                                         from unnest(v_statuses) st), '') || '), ' ||
    'jsonb_build_object(' || coalesce((select string_agg(format('%L, coalesce(sum(h.size) filter (where s.status = %L), 0)', st, st), ', ')
                                         from unnest(v_statuses) st), '') || '), ' ||
    'array[' || coalesce((select string_agg(format('sum((s.dimension_mask >> %s) & 1)', j), ', ' order by j)
                            from generate_series(0, v_nd - 1) j), '') || ']::int[], ' ||
    'array[' || coalesce((select string_agg(format('sum((s.indicator_mask >> %s) & 1)', j), ', ' order by j)
                            from generate_series(0, v_ni - 1) j), '') || ']::int[]';
  -- levels above: the same, summed over the children's rows
  v_roll :=
    'jsonb_build_object(' || coalesce((select string_agg(format('%L, sum((c.households_by_status -> %L)::int)', st, st), ', ')
                                         from unnest(v_statuses) st), '') || '), ' ||
    'jsonb_build_object(' || coalesce((select string_agg(format('%L, sum((c.persons_by_status -> %L)::int)', st, st), ', ')
                                         from unnest(v_statuses) st), '') || '), ' ||
    'array[' || coalesce((select string_agg(format('sum(c.dimension_counts[%s])', j), ', ' order by j)
                            from generate_series(1, v_nd) j), '') || ']::int[], ' ||
    'array[' || coalesce((select string_agg(format('sum(c.indicator_counts[%s])', j), ', ' order by j)
                            from generate_series(1, v_ni) j), '') || ']::int[]';

  if v_codes is null then
    delete from unit_stats where country = p_country;
  else
    delete from unit_stats where country = p_country and level = v_deepest and unit_code = any(v_codes);
  end if;

  -- ($1: the units, or null for all; a null array matches no "= any", hence the "is null or")
  execute format($q$
    insert into unit_stats (unit_code, year, country, level, households, persons, households_by_status,
                            persons_by_status, dimension_counts, indicator_counts, escaped, fell, synthetic,
                            real_households)
    select h.unit_code, s.year, %L, %s, count(*), sum(h.size), %s,
           count(*) filter (where s.transition = 'escaped'), count(*) filter (where s.transition = 'fell'),
           bool_or(h.synthetic), count(*) filter (where not h.synthetic)
      from households h join survey_rounds s on s.household_id = h.id
     where h.country = %L and ($1 is null or h.unit_code = any($1))
     group by h.unit_code, s.year
  $q$, p_country, v_deepest, v_leaf, p_country) using v_codes;

  for v_level in reverse v_deepest - 1 .. 1 loop
    if v_codes is not null then
      -- the parents of the units changed one level below: their rows are summed again from all their children
      v_codes := array(select distinct a.parent_code from admin_units a
                        where a.vintage = v_vintage and a.code = any(v_codes) and a.parent_code is not null);
      delete from unit_stats where country = p_country and level = v_level and unit_code = any(v_codes);
    end if;
    execute format($q$
      insert into unit_stats (unit_code, year, country, level, households, persons, households_by_status,
                              persons_by_status, dimension_counts, indicator_counts, escaped, fell, synthetic,
                              real_households)
      select a.parent_code, c.year, %L, %s, sum(c.households), sum(c.persons), %s,
             sum(c.escaped), sum(c.fell), bool_or(c.synthetic), sum(c.real_households)
        from unit_stats c
        join admin_units a on a.vintage = %L and a.code = c.unit_code
       where c.country = %L and c.level = %s and a.parent_code is not null and ($1 is null or a.parent_code = any($1))
       group by a.parent_code, c.year
    $q$, p_country, v_level, v_roll, v_vintage, p_country, v_level + 1) using v_codes;
  end loop;

  -- units of former boundary vintages: sums of their members, the lowest level's rows (vintage_stats.sql)
  perform chiphao_refresh_member_stats(p_country);

  -- the low-zoom household tiles' counts, in the same transaction: grid and unit_stats never disagree
  perform chiphao_refresh_household_grid(p_country, p_grid_tiles);

  update data_version set version = version + 1, changed_at = now();
end
$$;
