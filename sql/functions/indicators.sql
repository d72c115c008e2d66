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
    when p_id like 'status:%:rate' then
      round((100.0 * (s.households_by_status ->> split_part(p_id, ':', 2))::numeric / nullif(s.households, 0)), 2)::float8
    when p_id like 'status:%:households' then (s.households_by_status ->> split_part(p_id, ':', 2))::float8
    when p_id like 'status:%:persons' then (s.persons_by_status ->> split_part(p_id, ':', 2))::float8
    when p_id like 'dim:%:rate' then
      round((100.0 * s.dimension_counts[array_position(p_dimensions, split_part(p_id, ':', 2))]::numeric
             / nullif(s.households, 0)), 2)::float8
    when p_id like 'ind:%:rate' then
      round((100.0 * s.indicator_counts[array_position(p_indicators, split_part(p_id, ':', 2))]::numeric
             / nullif(s.households, 0)), 2)::float8
  end
$$;
