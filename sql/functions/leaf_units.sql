-- Lowest-level units (commune, tambon) of each country's current vintage, with the code of their level-1
-- ancestor (province) and its name_en. Shared by the ranking and the reconciliation. Reads the narrow table
-- leaf_units, which triggers keep in step with admin_units, countries and admin_levels
-- (sql/migrations/00020_leaf_units.sql, where the walk up the parents is): the planner inlines the view, and each
-- query keeps its own filters on province and country.
create or replace view chiphao_leaf_units as
  select u.code, u.name, u.name_en, u.country, u.vintage, u.level, u.especially_difficult, u.province,
         u.province_name_en  -- appended: a view's columns may only be added at the end
    from leaf_units u;
