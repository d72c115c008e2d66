-- Lowest-level units (commune, tambon) of each country's current vintage with their province, as a narrow table kept
-- in step with admin_units, countries and admin_levels by the triggers below: what the ranking and the
-- reconciliation read for every unit (sql/functions/leaf_units.sql, the view chiphao_leaf_units, reads it).
-- Walking the chain of parents over the wide admin_units table (geometries) took 63 ms of a 250 ms ranking for the
-- 10.7 k units of both countries; scanning this table takes a few.
--
-- chiphao_leaf_units_of is that walk, THE rule for which units are leaves and what their province is; the
-- triggers re-run it for what a statement changed:
--   * a unit of the lowest level (of its country's current vintage), inserted, deleted or with a column read here
--     changed: that unit alone;
--   * a unit of a level above, inserted, deleted or changed: its whole country (its descendants' province may follow);
--   * a country's current vintage, or its admin levels, changed: the whole country.
-- Units of former vintages change nothing here. Statement triggers over transition tables: the loader's batches of
-- 200 units cost one walk of their units each, and its upserts that change nothing cost nothing.
create table leaf_units (
  code                 text not null,
  vintage              text not null,
  country              text not null,
  level                smallint not null,
  province             text,          -- the level-1 ancestor (the unit itself at level 1)
  province_name_en     text,          -- its name_en (a name changed above the lowest level walks the country)
  name                 text not null,
  name_en              text not null,
  especially_difficult boolean,
  primary key (vintage, code)
);
create index leaf_units_country_idx on leaf_units (country, province);

-- chiphao_leaf_units_of(ids) → the leaf_units rows of the admin_units rows with those ids that are lowest-level units
-- of their country's current vintage: THE walk up the parents (admin depth is at most 6 levels, admin_levels check:
-- the unit and five ancestors), each step by the (vintage, code) key. From ids, so that a caller chooses its units by
-- an index: the loader's deferred indexes (server/src/db/deferred-indexes.ts) leave a first load only the keys, and
-- a walk filtered after the join read the whole table for every batch of 200 units.
create function chiphao_leaf_units_of(p_ids integer[])
returns setof leaf_units language sql stable as $$
  select u.code, u.vintage, u.country, u.level,
         case 1 when u.level then u.code when p1.level then p1.code when p2.level then p2.code
                when p3.level then p3.code when p4.level then p4.code else p5.code end,
         case 1 when u.level then u.name_en when p1.level then p1.name_en when p2.level then p2.name_en
                when p3.level then p3.name_en when p4.level then p4.name_en else p5.name_en end,
         u.name, u.name_en, u.especially_difficult
    from unnest(p_ids) as x(id)
    join admin_units u on u.id = x.id
    join countries c on c.code = u.country and c.current_vintage = u.vintage
    join (select country, max(level) as level from admin_levels group by country) d
      on d.country = u.country and d.level = u.level
    left join admin_units p1 on p1.vintage = u.vintage and p1.code = u.parent_code
    left join admin_units p2 on p2.vintage = u.vintage and p2.code = p1.parent_code
    left join admin_units p3 on p3.vintage = u.vintage and p3.code = p2.parent_code
    left join admin_units p4 on p4.vintage = u.vintage and p4.code = p3.parent_code
    left join admin_units p5 on p5.vintage = u.vintage and p5.code = p4.parent_code
$$;

-- chiphao_refresh_leaf_units(countries, vintages, codes): re-walks every unit of the countries, and the units
-- (vintage, code) of the two parallel arrays: their rows are deleted and written again from admin_units (a unit no
-- longer a current leaf is not written back). Each part only when asked for: a plan reading a country's units for
-- an empty list of countries still reads them.
create function chiphao_refresh_leaf_units(p_countries text[], p_vintages text[], p_codes text[])
returns void language plpgsql as $$
begin
  if cardinality(p_countries) > 0 then
    delete from leaf_units where country = any(p_countries);
    insert into leaf_units
    select * from chiphao_leaf_units_of(array(select a.id from admin_units a where a.country = any(p_countries)));
  end if;
  if cardinality(p_codes) > 0 then
    delete from leaf_units l
     using unnest(p_vintages, p_codes) as x(vintage, code)
     where l.vintage = x.vintage and l.code = x.code and l.country <> all(p_countries);
    insert into leaf_units
    select * from chiphao_leaf_units_of(array(
      select distinct a.id from unnest(p_vintages, p_codes) as x(vintage, code)
        join admin_units a on a.vintage = x.vintage and a.code = x.code
       where a.country <> all(p_countries)));
  end if;
end
$$;

-- admin_units: the images (before and after) of the rows a statement changed; an update that leaves the columns
-- read here as they were (the loader's upserts of an unchanged unit, its child counts) is no change. Of those, the
-- rows of a current vintage: a lowest-level one is walked alone, one above it walks its country. Each event has its
-- own transition tables, hence a query per event (a table of another event's does not exist).
create function chiphao_admin_units_leaf_sync() returns trigger language plpgsql as $$
declare
  v_codes text[];
  v_vintages text[];
  v_countries text[];
  v_levels smallint[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.code), array_agg(n.vintage), array_agg(n.country), array_agg(n.level)
      into v_codes, v_vintages, v_countries, v_levels from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(o.code), array_agg(o.vintage), array_agg(o.country), array_agg(o.level)
      into v_codes, v_vintages, v_countries, v_levels from old_rows o;
  else
    select array_agg(x.code), array_agg(x.vintage), array_agg(x.country), array_agg(x.level)
      into v_codes, v_vintages, v_countries, v_levels
      from old_rows o join new_rows n on n.id = o.id
     cross join lateral (values (o.code, o.vintage, o.country, o.level), (n.code, n.vintage, n.country, n.level))
                        as x(code, vintage, country, level)
     where (o.code, o.vintage, o.country, o.level, o.parent_code, o.name, o.name_en, o.especially_difficult)
           is distinct from (n.code, n.vintage, n.country, n.level, n.parent_code, n.name, n.name_en, n.especially_difficult);
  end if;
  if v_codes is null then
    return null;
  end if;
  select coalesce(array_agg(distinct x.country) filter (where x.level <> d.level), '{}'),
         coalesce(array_agg(x.vintage) filter (where x.level = d.level), '{}'),
         coalesce(array_agg(x.code) filter (where x.level = d.level), '{}')
    into v_countries, v_vintages, v_codes
    from unnest(v_codes, v_vintages, v_countries, v_levels) as x(code, vintage, country, level)
    join countries k on k.code = x.country and k.current_vintage = x.vintage
    join (select country, max(level) as level from admin_levels group by country) d on d.country = x.country;
  if cardinality(v_countries) > 0 or cardinality(v_codes) > 0 then
    perform chiphao_refresh_leaf_units(v_countries, v_vintages, v_codes);
  end if;
  return null;
end
$$;

create function chiphao_leaf_units_clear() returns trigger language plpgsql as $$
begin
  delete from leaf_units;
  return null;
end
$$;

create trigger admin_units_leaf_insert after insert on admin_units
  referencing new table as new_rows for each statement execute function chiphao_admin_units_leaf_sync();
create trigger admin_units_leaf_update after update on admin_units
  referencing old table as old_rows new table as new_rows for each statement execute function chiphao_admin_units_leaf_sync();
create trigger admin_units_leaf_delete after delete on admin_units
  referencing old table as old_rows for each statement execute function chiphao_admin_units_leaf_sync();
create trigger admin_units_leaf_truncate after truncate on admin_units
  for each statement execute function chiphao_leaf_units_clear();

-- countries (a current vintage set, changed or gone) and admin_levels (a level added or removed: which is the
-- lowest): the countries concerned, walked whole. An update that keeps them as they were is no change.
create function chiphao_countries_leaf_sync() returns trigger language plpgsql as $$
declare
  v_countries text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.code) into v_countries from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(o.code) into v_countries from old_rows o;
  else
    select array_agg(distinct coalesce(n.code, o.code)) into v_countries
      from old_rows o full join new_rows n on n.code = o.code
     where o.current_vintage is distinct from n.current_vintage;
  end if;
  if v_countries is not null then
    perform chiphao_refresh_leaf_units(v_countries, '{}', '{}');
  end if;
  return null;
end
$$;

create function chiphao_admin_levels_leaf_sync() returns trigger language plpgsql as $$
declare
  v_countries text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.country) into v_countries from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.country) into v_countries from old_rows o;
  else
    select array_agg(distinct coalesce(n.country, o.country)) into v_countries
      from old_rows o full join new_rows n on n.country = o.country and n.level = o.level
     where o.country is null or n.country is null;
  end if;
  if v_countries is not null then
    perform chiphao_refresh_leaf_units(v_countries, '{}', '{}');
  end if;
  return null;
end
$$;

create trigger countries_leaf_insert after insert on countries
  referencing new table as new_rows for each statement execute function chiphao_countries_leaf_sync();
create trigger countries_leaf_update after update on countries
  referencing old table as old_rows new table as new_rows for each statement execute function chiphao_countries_leaf_sync();
create trigger countries_leaf_delete after delete on countries
  referencing old table as old_rows for each statement execute function chiphao_countries_leaf_sync();
create trigger admin_levels_leaf_insert after insert on admin_levels
  referencing new table as new_rows for each statement execute function chiphao_admin_levels_leaf_sync();
create trigger admin_levels_leaf_update after update on admin_levels
  referencing old table as old_rows new table as new_rows for each statement execute function chiphao_admin_levels_leaf_sync();
create trigger admin_levels_leaf_delete after delete on admin_levels
  referencing old table as old_rows for each statement execute function chiphao_admin_levels_leaf_sync();

-- the units already loaded
select chiphao_refresh_leaf_units(coalesce(array_agg(code), '{}'), '{}', '{}') from countries;
analyze leaf_units;
