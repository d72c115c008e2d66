-- The scope rule (access_scope.sql) for a row that covers several lowest-level units of one country: a proposal
-- (proposals.units, 00010_proposal_scope.sql) or a project (infrastructure_projects.communes).
--
-- Seen: at least one of its units lies in the caller's scope (a planner of a province sees the proposals reaching it).
--   where chiphao_any_in_scope(p.country, p.units, ${scope.countries}, ${scope.leaves})
-- Written: every one of them does, and there is at least one (an area over no unit belongs to no one's scope).
--   chiphao_units_outside_scope(p.country, p.units, …) lists the units that stop a write, for the 403's message.
create or replace function chiphao_any_in_scope(
  p_country text, p_units text[], p_scope_countries text[], p_scope_leaves text[])
returns boolean
language sql immutable parallel safe
as $$
  select exists (select 1 from unnest(p_units) u where chiphao_in_scope(p_country, u, p_scope_countries, p_scope_leaves))
$$;

create or replace function chiphao_units_outside_scope(
  p_country text, p_units text[], p_scope_countries text[], p_scope_leaves text[])
returns text[]
language sql immutable parallel safe
as $$
  select coalesce(array_agg(u order by u), '{}') from unnest(p_units) u
   where not chiphao_in_scope(p_country, u, p_scope_countries, p_scope_leaves)
$$;

create or replace function chiphao_all_in_scope(
  p_country text, p_units text[], p_scope_countries text[], p_scope_leaves text[])
returns boolean
language sql immutable parallel safe
as $$
  select cardinality(p_units) > 0
     and cardinality(chiphao_units_outside_scope(p_country, p_units, p_scope_countries, p_scope_leaves)) = 0
$$;
