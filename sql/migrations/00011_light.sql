-- Derived geometry of admin units: the generalised copies and the label anchor come with the boundaries.
--
-- The processed boundary files (geodata/build.ts, geodata/generalise.ts) carry, beside each unit's geometry, its
-- copies for the low-zoom tiles and its label anchor, built by mapshaper from the same source file on the whole level
-- at once (neighbours keep their shared edges: no slivers or gaps between generalised units). The loader
-- (server/src/geodata/load.ts) writes them with `geom`, so this trigger no longer simplifies twice and searches an
-- inscribed circle per unit inside the database (most of the embedded first start's boundary time).
--
-- What the trigger derives:
--   geom_3857  = ST_Multi(ST_Transform(geom, 3857)), always
--   area_km2   = geodesic area of geom, always
--   geom_z8, geom_z5, label_3857: only when the statement did not bring them, as 00004 did (150 m and 1000 m
--   ST_SimplifyPreserveTopology, the centre of the circle inscribed in geom_z8). On an insert: when null. On an
--   update of geom: when unchanged by the statement (an old copy would no longer match the new geom).
-- So a copy is either derived here from `geom` or written in the same statement as `geom` from the same source file:
-- it cannot disagree with `geom`.

create or replace function chiphao_admin_units_derive() returns trigger language plpgsql as $$
declare
  keep_z8 boolean := new.geom_z8 is not null;
  keep_z5 boolean := new.geom_z5 is not null;
  keep_label boolean := new.label_3857 is not null;
begin
  if tg_op = 'UPDATE' then
    keep_z8 := keep_z8 and new.geom_z8 is distinct from old.geom_z8;
    keep_z5 := keep_z5 and new.geom_z5 is distinct from old.geom_z5;
    keep_label := keep_label and new.label_3857 is distinct from old.label_3857;
  end if;
  new.geom_3857 := ST_Multi(ST_Transform(new.geom, 3857));
  if not keep_z8 then new.geom_z8 := ST_Multi(ST_SimplifyPreserveTopology(new.geom_3857, 150)); end if;
  if not keep_z5 then new.geom_z5 := ST_Multi(ST_SimplifyPreserveTopology(new.geom_z8, 1000)); end if;
  if not keep_label then new.label_3857 := (ST_MaximumInscribedCircle(new.geom_z8)).center; end if;
  new.area_km2 := ST_Area(new.geom::geography) / 1e6;
  return new;
end
$$;

-- The loader's repair of a polygon from a file (as it did inline for geom): valid as is, else ST_MakeValid's polygons;
-- null when nothing is left (the trigger then derives that copy from geom instead of storing an empty one).
create function chiphao_valid_multipolygon(g geometry) returns geometry
language sql immutable parallel safe
as $$
  select case when not ST_IsEmpty(v) then v end
    from (select ST_Multi(case when ST_IsValid(g) then g else ST_CollectionExtract(ST_MakeValid(g), 3) end) as v) s
$$;
