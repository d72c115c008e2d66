import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { ensureDemoProjects, generateDemoProjects, typedPlace } from '../../server/src/projects/demo.ts'
import { connectTestDb } from '../support/db.ts'

// Demo projects are named in their country's language, as real project lists are written, and say they are
// simulated (issue 11, item 12: they stayed English, "Synthetic road project, Long Thanh (Dong Nai)").

const db = connectTestDb()
const { sql } = db
let seed = 7

beforeAll(async () => {
  // regenerate with the seed the database's demo projects were made with (the same projects, the new names)
  const [row] = await sql<{ source: string }[]>`select source from infrastructure_projects where synthetic limit 1`
  seed = Number(/seed=(\d+)/.exec(row?.source ?? '')?.[1] ?? 7)
  await generateDemoProjects(sql, COUNTRY_PACKS, { seed })
}, 300_000)

afterAll(async () => {
  await sql.end()
})

describe('demo project names', () => {
  it('names each project in its country’s language, with its commune and province in their own script', async () => {
    const projects = await sql<{ id: string; country: string; name: string; province: string; province_type: string }[]>`
      select p.id, p.country, p.name, pr.name as province, pr.unit_type as province_type
        from infrastructure_projects p
        join current_admin_units pr on pr.code = split_part(p.id, '-', 2)
       where p.synthetic order by p.id`
    expect(projects.length).toBeGreaterThan(50)
    for (const p of projects) {
      expect(p.name, p.id).not.toMatch(/^Synthetic|project,/)
      if (p.country === 'VN') {
        expect(p.name, p.id).toMatch(/ \(mô phỏng\)$/)
        expect(p.name, p.id).toContain(p.province) // the province's Vietnamese name, with its diacritics
        expect(p.name, p.id).toMatch(/^(Nâng cấp|Xây dựng|Mở rộng|Kiên cố hóa)/)
      } else {
        expect(p.name, p.id).toMatch(/ \(ข้อมูลจำลอง\)$/)
        expect(p.name, p.id).toMatch(/^[\u0E00-\u0E7F]/) // Thai script
        expect(p.name, p.id).toContain(p.province)
      }
    }
  })

  it('writes a place’s type as each language does', () => {
    expect(typedPlace({ name: 'Long Thành', type: 'Phường' }, { lower: 'vi', space: true })).toBe('phường Long Thành')
    expect(typedPlace({ name: 'เขาชัยสน', type: 'ตำบล' }, { lower: null, space: false })).toBe('ตำบลเขาชัยสน')
    expect(typedPlace({ name: 'กรุงเทพมหานคร', type: 'กรุงเทพมหานคร' }, { lower: null, space: false })).toBe('กรุงเทพมหานคร')
  })

  it('renames at start the projects an earlier generator named in English', async () => {
    const [one] = await sql<{ id: string; name: string }[]>`select id, name from infrastructure_projects where synthetic order by id limit 1`
    await sql`update infrastructure_projects set name = 'Synthetic road project, Long Thanh (Dong Nai)' where id = ${one!.id}`
    expect(await ensureDemoProjects(sql, COUNTRY_PACKS, seed)).toBeGreaterThan(0)
    const [again] = await sql<{ name: string }[]>`select name from infrastructure_projects where id = ${one!.id}`
    expect(again!.name).toBe(one!.name)
    // and leaves them alone once they are named
    expect(await ensureDemoProjects(sql, COUNTRY_PACKS, seed)).toBe(0)
  })
})
