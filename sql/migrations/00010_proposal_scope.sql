-- Proposals in the scope rule (issue 10, item 2): a proposal is a planning document of the units it covers, read and
-- written only by accounts whose scope holds them (chiphao_in_scope, sql/functions/access_scope.sql). Each proposal
-- keeps the lowest-level units (communes, tambons) its area covers, and the country they lie in, so a query limits
-- proposals to the caller's scope without a spatial join. A trigger keeps them in step with the geometry on every
-- insert and update, whoever writes (the API, an import, a restore, plain SQL). The account that created a proposal
-- is its owner_account. proposal_history keeps the units of each version, so the history of a deleted proposal is
-- scoped too.

-- The lowest-level units of the current boundaries whose area an area covers (a shared border alone is not cover).
create function chiphao_area_leaves(p_geom geometry) returns text[]
language sql stable parallel safe as $$
  select coalesce(array_agg(u.code order by u.code), '{}')
    from current_admin_units u
    join (select country, max(level) as level from admin_levels group by country) d
      on d.country = u.country and d.level = u.level
   where ST_Intersects(u.geom, p_geom) and not ST_Touches(u.geom, p_geom)
$$;

-- The country of a list of units: the one most of them lie in (a proposal is at most about two provinces).
create function chiphao_units_country(p_units text[]) returns text
language sql stable parallel safe as $$
  select u.country from current_admin_units u where u.code = any(p_units)
   group by u.country order by count(*) desc, u.country limit 1
$$;

alter table proposals
  add column country text,
  add column units text[] not null default '{}',
  add column owner_account integer references accounts (id) on delete set null;
create index proposals_units_gin on proposals using gin (units);
create index proposals_country_idx on proposals (country);

alter table proposal_history
  add column country text,
  add column units text[] not null default '{}';

-- units: as written when the writer names them (a proposal made of picked communes names exactly those); else, or
-- when the geometry changed without them, the units the geometry covers.
create function chiphao_proposal_units() returns trigger
language plpgsql as $$
begin
  if cardinality(new.units) = 0
     or (tg_op = 'UPDATE' and new.units = old.units and not ST_Equals(new.geom, old.geom)) then
    new.units := chiphao_area_leaves(new.geom);
  end if;
  new.country := chiphao_units_country(new.units);
  return new;
end $$;

create trigger proposals_units before insert or update on proposals
  for each row execute function chiphao_proposal_units();

-- backfill: the trigger computes every existing proposal's units; the history copies them, or (a deleted proposal)
-- computes them from the snapshot's geometry
update proposals set units = '{}';
update proposal_history h set country = p.country, units = p.units from proposals p where p.id = h.proposal_id;
update proposal_history h
   set units = chiphao_area_leaves(ST_SetSRID(ST_GeomFromGeoJSON(h.snapshot ->> 'geometry'), 4326))
 where cardinality(h.units) = 0 and jsonb_typeof(h.snapshot -> 'geometry') = 'object';
update proposal_history h set country = chiphao_units_country(h.units) where h.country is null and cardinality(h.units) > 0;
