-- chiphao_indicator(stats, dimensions, indicators, id) → the value of one map indicator for one unit_stats row.
--
-- Indicator ids are data, never identifiers: 'households', 'persons', 'escaped', 'fell',
-- 'status:<status id>:rate' (% of households), 'status:<status id>:households', 'status:<status id>:persons',
-- 'dim:<dimension id>:rate' and 'ind:<indicator id>:rate' (% of households deprived), looked up in the country's
-- poverty_models order. A status, dimension or indicator the country's model does not have → null (no data).
create or replace function chiphao_indicator(
  s unit_stats, p_dimensions text[], p_indicators text[], p_id text)
returns double precision
language sql immutable parallel safe
as $$
  select case
    when s.households is null then null
    when p_id = 'households' then s.households::float8
    when p_id = 'persons' then s.persons::float8
    when p_id = 'escaped' then s.escaped::float8
    when p_id = 'fell' then s.fell::float8
    -- a count read as a JSON number (-> then cast), not as text (->> then parsed): the text form wrote each number
    -- out and read it back, two thirds of the time of a rate; a hidden count is JSON null, read as no value
    when p_id like 'status:%:rate' then
      round((100.0 * nullif(s.households_by_status -> split_part(p_id, ':', 2), 'null')::numeric
             / nullif(s.households, 0)), 2)::float8
    when p_id like 'status:%:households' then nullif(s.households_by_status -> split_part(p_id, ':', 2), 'null')::float8
    when p_id like 'status:%:persons' then nullif(s.persons_by_status -> split_part(p_id, ':', 2), 'null')::float8
    when p_id like 'dim:%:rate' then
      round((100.0 * s.dimension_counts[array_position(p_dimensions, split_part(p_id, ':', 2))]::numeric
             / nullif(s.households, 0)), 2)::float8
    when p_id like 'ind:%:rate' then
      round((100.0 * s.indicator_counts[array_position(p_indicators, split_part(p_id, ':', 2))]::numeric
             / nullif(s.households, 0)), 2)::float8
  end
$$;

-- chiphao_unit_value(stats, model, indicator, scope_countries, scope_leaves, k) → one row:
--   disclosed  the unit_stats row as this caller may read it (chiphao_stats_disclosed, access_privacy.sql)
--   value      chiphao_indicator of that row (null = no data, or hidden)
--   suppressed true where the stored row has a value and the caller's row does not (hidden for privacy), else null
-- What every map value (tiles, the choropleth GeoJSON, criteria, rankings) reads, so no path shows a hidden count.
create or replace function chiphao_unit_value(
  s unit_stats, pm poverty_models, p_indicator text, p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns table (disclosed unit_stats, value double precision, suppressed boolean)
language sql stable parallel safe
as $$
  select x.d, y.v,
         case when y.v is null and s.unit_code is not null
                   and chiphao_indicator(s, pm.dimensions, pm.indicators, p_indicator) is not null then true end
    from (select chiphao_stats_disclosed(s, p_scope_countries, p_scope_leaves, p_k) as d) x
    cross join lateral (select chiphao_indicator(x.d, pm.dimensions, pm.indicators, p_indicator) as v) y
$$;
