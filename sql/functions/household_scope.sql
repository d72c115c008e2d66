-- THE privacy rule for household rows (issue 4, item 4). Households are personal data; the public sees aggregates
-- only. Every query that lets one household's own row leave the database (a point in a tile, the details API) must
-- pass it through this function; aggregates (unit_stats, the cells of the households tile) count every household.
--
--   chiphao_household_disclosed(synthetic, unit_code) → true when that household may be shown on its own.
--
-- Today there is no login, so only synthetic demo households (generated, never real people) are disclosed; imported
-- households (synthetic = false) appear only inside aggregates, and their details answer 403.
-- TODO(auth issue): replace the body with the caller's scope, e.g.
--   p_synthetic or p_unit_code in (select code from chiphao_unit_descendants(<caller's unit codes>))
-- (sql/functions/unit_stats.sql). A plain SQL expression keeps it inlined, so the households indexes still apply.
create or replace function chiphao_household_disclosed(p_synthetic boolean, p_unit_code text)
returns boolean
language sql stable parallel safe
as $$
  select p_synthetic
$$;
