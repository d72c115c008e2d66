-- Statistics of the units of former boundary vintages (sql/migrations/00015_former_vintages.sql).
--
-- chiphao_refresh_member_stats(country): the unit_stats rows of every unit of the country that is a union of
-- current lowest-level units (admin_unit_members), each the sum of its members' rows, every year. Called by
-- chiphao_refresh_unit_stats (unit_stats.sql) after the lowest level is counted, and by the boundary loader when a
-- former vintage is (re)loaded. Same columns and sums as a level's roll-up, so the privacy rule reads these rows as
-- any other (real_households summed: a unit with 1..k-1 real households outside the caller's scope is hidden).
create or replace function chiphao_refresh_member_stats(p_country text)
returns void language plpgsql as $$
declare
  v_deepest smallint;
  v_statuses text[];
  v_nd integer;
  v_ni integer;
  v_roll text;
begin
  select max(level) into v_deepest from admin_levels where country = p_country;
  select statuses, coalesce(array_length(dimensions, 1), 0), coalesce(array_length(indicators, 1), 0)
    into v_statuses, v_nd, v_ni from poverty_models where country = p_country;
  v_statuses := coalesce(v_statuses, '{}');
  v_nd := coalesce(v_nd, 0);
  v_ni := coalesce(v_ni, 0);
  -- the roll-up of unit_stats.sql: every status key and array position summed over the members' rows
  v_roll :=
    'jsonb_build_object(' || coalesce((select string_agg(format('%L, sum((c.households_by_status -> %L)::int)', st, st), ', ')
                                         from unnest(v_statuses) st), '') || '), ' ||
    'jsonb_build_object(' || coalesce((select string_agg(format('%L, sum((c.persons_by_status -> %L)::int)', st, st), ', ')
                                         from unnest(v_statuses) st), '') || '), ' ||
    'array[' || coalesce((select string_agg(format('sum(c.dimension_counts[%s])', j), ', ' order by j)
                            from generate_series(1, v_nd) j), '') || ']::int[], ' ||
    'array[' || coalesce((select string_agg(format('sum(c.indicator_counts[%s])', j), ', ' order by j)
                            from generate_series(1, v_ni) j), '') || ']::int[]';

  delete from unit_stats s
   where s.country = p_country
     and exists (select 1 from admin_unit_members m where m.code = s.unit_code);

  execute format($q$
    insert into unit_stats (unit_code, year, country, level, households, persons, households_by_status,
                            persons_by_status, dimension_counts, indicator_counts, escaped, fell, synthetic,
                            real_households)
    select m.code, c.year, %L, a.level, sum(c.households), sum(c.persons), %s,
           sum(c.escaped), sum(c.fell), bool_or(c.synthetic), sum(c.real_households)
      from unit_stats c
      join admin_unit_members m on m.member_code = c.unit_code
      join admin_units a on a.vintage = m.vintage and a.code = m.code and a.country = %L
     where c.country = %L and c.level = %s
     group by m.code, a.level, c.year
  $q$, p_country, v_roll, p_country, p_country, v_deepest);
end
$$;
