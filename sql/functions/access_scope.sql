-- THE scope rule (issue 10, item 2): whether a row that belongs to an admin unit lies in the caller's scope. Every
-- read and write of household rows, rounds, imports, proposals, projects, decks and logbook entries passes its
-- rows' (country, unit_code) through this one function in the query itself, so no route can forget it:
--
--   where chiphao_in_scope(t.country, t.unit_code, ${scope.countries}, ${scope.leaves})
--
-- p_scope_countries: the caller's whole-country scopes (ISO codes); p_scope_leaves: the lowest-level units inside
-- the caller's scoped units (server/src/access/household-scope.ts computes both from the signed-in account; the
-- public passes two empty arrays, so nothing is in its scope). p_unit_code is the row's lowest-level unit.
-- A plain SQL expression: it is inlined, so the unit_code indexes still apply. Sorted before household_scope.sql,
-- which builds on it (sql/functions are applied in name order).
create or replace function chiphao_in_scope(
  p_country text, p_unit_code text, p_scope_countries text[], p_scope_leaves text[])
returns boolean
language sql immutable parallel safe
as $$
  select p_country = any(p_scope_countries) or p_unit_code = any(p_scope_leaves)
$$;
