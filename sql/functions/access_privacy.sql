-- Small-count suppression of aggregates (issue 10, item 3): THE rule, in one place.
-- Named access_privacy.sql so it is applied before households_tile.sql and the other functions that call it
-- (sql/functions are applied in name order, and a SQL function's body is checked when it is created).
--
-- chiphao_suppress(count, real_households, in_scope, k) → the count, or null when it must be hidden:
--   * an aggregate that counts no real (non-synthetic) household is never suppressed (the demo stays visible,
--     labelled synthetic);
--   * an aggregate entirely inside the caller's scope (chiphao_in_scope over its unit) is never suppressed;
--   * otherwise a count in 1..k-1 is hidden (null), and every count of an aggregate holding 1..k-1 real households
--     (even a large total mixed with synthetic ones, and 0); other 0s and counts >= k are shown. k = CHIPHAO_PRIVACY_K (config
--     privacy.k, default 10), passed by the server.
-- A rate whose numerator or denominator is null is null (plain SQL null propagation); callers mark every null
-- they produced from a non-null count as suppressed (JSON `suppressed: [...]`), never as zero.
--
-- Differencing: chiphao_suppress_counts(counts jsonb, real, in_scope, k) suppresses a row's breakdown (e.g.
-- households by status) so that one hidden part cannot be recovered as total − sum(shown parts): when exactly one
-- part is hidden, the next smallest non-zero part is hidden too; when the total itself is under k, every part is.
-- Not protected against: differencing ACROSS rows or requests (a unit against its parent minus its siblings, two
-- overlapping areas, two years); a caller who knows all but one household of a unit. Those need noise or
-- cell-level controls that are out of this part's scope.
create or replace function chiphao_suppress(p_count bigint, p_real bigint, p_in_scope boolean, p_k integer)
returns bigint
language sql immutable parallel safe
as $$
  select case
    when p_count is null then null
    when coalesce(p_real, 0) = 0 or p_in_scope then p_count
    when p_count between 1 and p_k - 1 then null
    -- fewer than k real households in the aggregate: every count of it is hidden, however large, because the
    -- synthetic demo households counted with them are public (their points), so total − synthetic = the real ones;
    -- and a 0 among so few says something of each ("none of the 4 is poor")
    when p_real between 1 and p_k - 1 then null
    else p_count
  end
$$;

-- chiphao_suppress_counts(counts jsonb {key: n}, real, in_scope, k) → the same keys, a hidden count as JSON null:
-- every count in 1..k-1; every count when their total is in 1..k-1; and, when exactly one count is hidden, the
-- smallest other non-zero count too (so total − shown ≠ the hidden one). Unchanged when nothing is to be hidden.
create or replace function chiphao_suppress_counts(p_counts jsonb, p_real bigint, p_in_scope boolean, p_k integer)
returns jsonb
language sql immutable parallel safe
as $$
  with e as (select key, value::bigint v from jsonb_each_text(p_counts)),
       t as (select coalesce(sum(v), 0) tot, count(*) filter (where v between 1 and p_k - 1) nh from e),
       extra as (select e.key from e, t
                  where t.nh = 1 and e.v >= p_k order by e.v, e.key limit 1)
  select case
    when p_counts is null then null
    when coalesce(p_real, 0) = 0 or p_in_scope then p_counts
    when p_real between 1 and p_k - 1 then (select jsonb_object_agg(key, null) from jsonb_each(p_counts))
    else (select coalesce(jsonb_object_agg(e.key,
                   case when t.tot between 1 and p_k - 1 or e.v between 1 and p_k - 1
                             or e.key in (select key from extra) then null else to_jsonb(e.v) end), '{}'::jsonb)
            from e, t)
  end
$$;

-- chiphao_suppress_array(counts int[], real, in_scope, k) → each element through chiphao_suppress (deprivation
-- counts per dimension/indicator: each is its own count against the row's households, not parts of a total).
create or replace function chiphao_suppress_array(p_counts integer[], p_real bigint, p_in_scope boolean, p_k integer)
returns integer[]
language sql immutable parallel safe
as $$
  select case when p_counts is null then null
              when coalesce(p_real, 0) = 0 or p_in_scope then p_counts
              else array(select chiphao_suppress(x, p_real, p_in_scope, p_k)::int from unnest(p_counts) with ordinality a(x, i) order by i)
         end
$$;

-- chiphao_stats_disclosed(stats, scope_countries, scope_leaves, k) → the unit_stats row as this caller may read it:
-- unchanged for a purely synthetic row or a unit inside the caller's scope (chiphao_in_scope); otherwise every count
-- passed through the rules above (persons follow their households: a status's persons are hidden with its count).
-- Every reader of unit_stats (unit statistics, the units tiles, the choropleth GeoJSON, criteria, rankings) reads
-- the row through this function, so chiphao_indicator() of a hidden count is null, never a number built from it.
-- plpgsql on a copy of the row, so a column added to unit_stats later passes through unchanged.
create or replace function chiphao_stats_disclosed(
  s unit_stats, p_scope_countries text[], p_scope_leaves text[], p_k integer)
returns unit_stats
language plpgsql stable parallel safe
as $$
declare
  r unit_stats := s;
begin
  if s.unit_code is null or coalesce(s.real_households, 0) = 0
     or chiphao_in_scope(s.country, s.unit_code, p_scope_countries, p_scope_leaves) then
    return s;
  end if;
  r.households := chiphao_suppress(s.households, s.real_households, false, p_k);
  r.persons := case when r.households is null then null else s.persons end;
  r.households_by_status := chiphao_suppress_counts(s.households_by_status, s.real_households, false, p_k);
  r.persons_by_status := (
    select coalesce(jsonb_object_agg(key, case when r.households_by_status -> key = 'null'::jsonb then 'null'::jsonb else value end), '{}'::jsonb)
      from jsonb_each(s.persons_by_status));
  r.escaped := chiphao_suppress(s.escaped, s.real_households, false, p_k);
  r.fell := chiphao_suppress(s.fell, s.real_households, false, p_k);
  r.dimension_counts := chiphao_suppress_array(s.dimension_counts, s.real_households, false, p_k);
  r.indicator_counts := chiphao_suppress_array(s.indicator_counts, s.real_households, false, p_k);
  return r;
end
$$;

-- chiphao_stats_hidden(disclosed row) → whether any count of a row from chiphao_stats_disclosed was hidden (stored
-- rows hold no nulls, so a null count is a hidden one). Null for no row. A row without real households is never
-- hidden (chiphao_suppress shows every count of it): false at once, before the JSON path over its statuses, which
-- was a tenth of a ranking's query over the synthetic data.
create or replace function chiphao_stats_hidden(s unit_stats)
returns boolean
language sql immutable parallel safe
as $$
  select case when s.unit_code is null then null when coalesce(s.real_households, 0) = 0 then false else
    s.households is null or s.persons is null or s.escaped is null or s.fell is null
    or jsonb_path_exists(s.households_by_status, '$.* ? (@ == null)')
    or array_position(s.dimension_counts, null) is not null
    or array_position(s.indicator_counts, null) is not null
  end
$$;
