import { afterAll, describe, expect, it } from 'vitest'
import { testApp } from '../support/db.ts'

/**
 * GET /api/reconciliation against an independent SQL computation: for every commune of one province, is it
 * eligible under the user's criteria (evaluated here from unit_stats directly), and is it flagged?
 */
const { app, sql } = await testApp()
afterAll(() => sql.end())

const PROVINCE = 'VN04'

describe('reconciliation of especially difficult flags', () => {
  it('puts every commune in the class the flag and an independent SQL evaluation give', async () => {
    const body = await (await app.request(`/api/reconciliation?province=${PROVINCE}&c=${encodeURIComponent('status:poor:rate>=10')}`)).json()
    const communes = await sql<{ code: string }[]>`
      select code from current_admin_units where parent_code = ${PROVINCE}`
    expect(body.count).toBe(communes.length)
    const year = body.years.VN as number | null
    const truth = await sql<{ code: string; flagged: boolean; eligible: boolean }[]>`
      select u.code, coalesce(u.especially_difficult, false) as flagged,
             coalesce(100.0 * (s.households_by_status ->> 'poor')::int / nullif(s.households, 0) >= 10, false) as eligible
        from current_admin_units u
        left join unit_stats s on s.unit_code = u.code and s.year = ${year}
       where u.parent_code = ${PROVINCE}`
    const want = Object.fromEntries(truth.map((t) => [t.code,
      t.flagged && t.eligible ? 'both' : t.flagged ? 'flagged_not_eligible' : t.eligible ? 'eligible_not_flagged' : 'neither']))
    const got = Object.fromEntries(body.units.map((u: { code: string; class: string }) => [u.code, u.class]))
    expect(got).toEqual(want)
    const counts = Object.values(want).reduce<Record<string, number>>((n, k) => ({ ...n, [k]: (n[k] ?? 0) + 1 }), {})
    for (const [k, n] of Object.entries(body.counts)) expect(n, k).toBe(counts[k] ?? 0)
  })

  it('rejects bad criteria with what was expected', async () => {
    const res = await app.request(`/api/reconciliation?province=${PROVINCE}&c=${encodeURIComponent('status:rich:rate>=10')}`)
    expect(res.status).toBe(400)
    expect((await res.json()).issues[0].message).toMatch(/^expected/)
    expect((await app.request('/api/reconciliation?country=XX')).status).toBe(400)
  })
})
