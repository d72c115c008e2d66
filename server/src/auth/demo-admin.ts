import type { Sql } from '../db/connect.ts'
import { createAccount } from './accounts.ts'
import { generatePassword } from './password.ts'

/**
 * The embedded demo's first start: where no admin account exists yet, an account `admin` with a random password,
 * printed once to the console (never a fixed password, never written anywhere else). A real server creates its first
 * admin with the CLI instead (`npm run user -- add <name> --role admin`).
 */
export async function ensureDemoAdmin(sql: Sql, log: (msg: string) => void, username = 'admin'): Promise<void> {
  const [{ any }] = await sql<{ any: boolean }[]>`select exists (select 1 from accounts where role = 'admin') as any`
  if (any) return
  const [{ taken }] = await sql<{ taken: boolean }[]>`select exists (select 1 from accounts where lower(username) = lower(${username})) as taken`
  if (taken) return log(`No admin account, and the name "${username}" is taken: create one with npm run user -- add <name> --role admin`)
  const password = generatePassword()
  // the demo's admin may act on every installed country (an import of real households needs a scope that holds them)
  const countries = (await sql<{ code: string }[]>`select code from countries order by code`).map((r) => r.code)
  await createAccount(sql, { username, display_name: 'Demo admin', role: 'admin', password, scope: { countries, units: [] } })
  log('Demo admin account created. Sign in with')
  log(`    username: ${username}`)
  log(`    password: ${password}`)
  log(`  This password is shown only now. Change it with: npm run user -- password ${username}`)
}
