-- THE privacy rule for household rows (issue 4, item 4; issue 10, item 2). Households are personal data; the public
-- sees aggregates only. Every query that lets one household's own row leave the database (a point in a tile, the
-- details API) must pass it through this function; aggregates (unit_stats, the cells of the households tile) count
-- every household.
--
--   chiphao_household_disclosed(synthetic, country, unit_code, scope_countries, scope_leaves) → true when that
--   household may be shown on its own to this caller: a synthetic demo household (generated, never a real person)
--   always; a real one only when its country is one of the caller's whole-country scopes or its unit is one of the
--   lowest-level units inside the caller's scoped units (server/src/access/household-scope.ts computes both arrays
--   from the signed-in account; the public passes two empty arrays).
-- The scope itself is chiphao_in_scope (access_scope.sql), the one rule for every kind of row; a synthetic
-- household is disclosed to everyone. A plain SQL expression: it is inlined, so the households indexes still apply.
drop function if exists chiphao_household_disclosed(boolean, text);

create or replace function chiphao_household_disclosed(
  p_synthetic boolean, p_country text, p_unit_code text, p_scope_countries text[], p_scope_leaves text[])
returns boolean
language sql stable parallel safe
as $$
  select p_synthetic or chiphao_in_scope(p_country, p_unit_code, p_scope_countries, p_scope_leaves)
$$;
