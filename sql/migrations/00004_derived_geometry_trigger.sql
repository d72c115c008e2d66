-- Derived geometry of admin units by a trigger instead of generated columns.
--
-- A stored generated column is recomputed on every UPDATE of its row, whatever changed: setting an "especially
-- difficult" flag rewrote four ST_Transforms, three simplifications and an inscribed circle per unit. And each
-- generated column transformed `geom` again. The trigger runs only when `geom` is written, transforms once, and
-- reuses the 150 m copy for the 1 km copy and the label anchor. The columns keep their meaning (see 00001):
--   geom_3857  = ST_Multi(ST_Transform(geom, 3857))
--   geom_z8    = geom_3857 simplified, 150 m (≈ 0.2 px at z8), for tiles of z 6–8
--   geom_z5    = geom_z8 simplified, 1000 m (≈ 0.2 px at z5), for tiles of z ≤ 5
--   label_3857 = centre of the largest circle inscribed in geom_z8: a label anchor far from the edges
--   area_km2   = geodesic area of geom
-- Nothing else writes these columns (the loader sets `geom` only), so they cannot disagree with `geom`.

alter table admin_units alter column area_km2 drop expression;
alter table admin_units alter column geom_3857 drop expression;
alter table admin_units alter column geom_z8 drop expression;
alter table admin_units alter column geom_z5 drop expression;
alter table admin_units alter column label_3857 drop expression;

create function chiphao_admin_units_derive() returns trigger language plpgsql as $$
begin
  new.geom_3857  := ST_Multi(ST_Transform(new.geom, 3857));
  new.geom_z8    := ST_Multi(ST_SimplifyPreserveTopology(new.geom_3857, 150));
  new.geom_z5    := ST_Multi(ST_SimplifyPreserveTopology(new.geom_z8, 1000));
  new.label_3857 := (ST_MaximumInscribedCircle(new.geom_z8)).center;
  new.area_km2   := ST_Area(new.geom::geography) / 1e6;
  return new;
end
$$;

create trigger admin_units_derive
  before insert or update of geom on admin_units
  for each row execute function chiphao_admin_units_derive();
