-- Lowest-level units (commune, tambon) of each country's current vintage, with the code of their level-1
-- ancestor (province). Shared by the ranking and the reconciliation; a view, so the planner inlines it and each
-- query keeps its own filters on province and country. Admin depth is at most 6 levels (admin_levels check).
create or replace view chiphao_leaf_units as
  select u.code, u.name, u.name_en, u.country, u.vintage, u.level, u.especially_difficult,
         case 1 when u.level then u.code when p1.level then p1.code when p2.level then p2.code
                when p3.level then p3.code when p4.level then p4.code else p5.code end as province
    from current_admin_units u
    join (select country, max(level) as level from admin_levels group by country) d
      on d.country = u.country and d.level = u.level
    left join admin_units p1 on p1.vintage = u.vintage and p1.code = u.parent_code
    left join admin_units p2 on p2.vintage = u.vintage and p2.code = p1.parent_code
    left join admin_units p3 on p3.vintage = u.vintage and p3.code = p2.parent_code
    left join admin_units p4 on p4.vintage = u.vintage and p4.code = p3.parent_code
    left join admin_units p5 on p5.vintage = u.vintage and p5.code = p4.parent_code;
