-- `npm run db:restore -- FILE --force` on a server: empties the public schema inside the restore's transaction, so
-- the database ends up exactly as backed up (a table added by a later migration does not survive to break the next
-- migrate) or, if anything fails, exactly as before. Extension objects (PostGIS, spatial_ref_sys) stay: the backup
-- says `create extension if not exists`. Every name comes from the catalogue, quoted by %I and ::regprocedure.
do $clear$
declare
  statements text[];
  statement text;
begin
  -- routines first (cascade takes their triggers along), then relations (their views, owned sequences), then types;
  -- all statements are made before the first runs, and `if exists` skips what a cascade already took
  select coalesce(array_agg(format('drop routine if exists %s cascade', p.oid::regprocedure)), '{}')
    into statements
    from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and not exists (select 1 from pg_depend d
                      where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e');

  select statements || coalesce(array_agg(format('drop %s if exists public.%I cascade',
           case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                          when 'f' then 'foreign table' else 'table' end,
           c.relname)), '{}')
    into statements
    from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
     and not exists (select 1 from pg_depend d
                      where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
     -- a serial or identity sequence goes with its table (and cannot be dropped before it)
     and not (c.relkind = 'S' and exists (select 1 from pg_depend d
                                          where d.classid = 'pg_class'::regclass and d.objid = c.oid
                                            and d.deptype in ('a', 'i')));

  select statements || coalesce(array_agg(format('drop type if exists public.%I cascade', t.typname)), '{}')
    into statements
    from pg_type t left join pg_class c on c.oid = t.typrelid
   where t.typnamespace = 'public'::regnamespace
     and (t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and c.relkind = 'c'))
     and not exists (select 1 from pg_depend d
                      where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e');

  foreach statement in array statements loop
    execute statement;
  end loop;
end
$clear$;
