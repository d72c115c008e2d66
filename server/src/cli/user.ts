import { createAccount, getAccountByUsername, listAccounts, setScope, updateAccount, type Account, type AccountPatch } from '../auth/accounts.ts'
import { generatePassword, passwordProblem } from '../auth/password.ts'
import { usernameSchema } from '../auth/roles.ts'
import { splitScopeCodes } from '../auth/scope.ts'
import { prepareDatabase } from '../boot.ts'
import { parseConfig } from '../config.ts'
import type { Sql } from '../db/connect.ts'
import { RequestError } from '../errors.ts'
import { parseUserArgs, USAGE, type UserCommand } from './user-args.ts'

/**
 * `npm run user -- add|role|scope|disable|enable|password|unlock|list …` (server/src/cli/user-args.ts): accounts from the
 * command line, on the database `npm start` uses (DATABASE_URL, else the embedded one in CHIPHAO_DATA_DIR; stop the
 * server first there: the embedded files belong to one process). A password never goes on the command line: it is
 * read from stdin (--password-stdin) or generated and printed once. Exit 0 done, 1 refused, 2 bad arguments.
 */
const note = (msg: string) => console.error(`[chiphao] ${msg}`)

let cmd: UserCommand
try {
  cmd = parseUserArgs(process.argv.slice(2))
} catch (err) {
  console.error(`[chiphao] ${(err as Error).message}\n${USAGE}`)
  process.exit(2)
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

/** The password to set: stdin's, checked, or a generated one that is printed once. */
async function newPassword(fromStdin: boolean, username: string): Promise<{ password: string; print: () => void }> {
  if (!fromStdin) {
    const password = generatePassword()
    return { password, print: () => console.log(`Password for ${username} (shown once, store it now): ${password}`) }
  }
  const password = await readStdin()
  const problem = passwordProblem(password)
  if (problem) throw new RequestError(400, 'Bad password', [{ path: 'password', message: problem }])
  return { password, print: () => {} }
}

const scopeText = (a: Account) => [...a.scope.countries, ...a.scope.units].join(',') || '-'
const describe = (a: Account) =>
  `${a.username} (id ${a.id}): ${a.role}${a.disabled ? ', disabled' : ''}, scope ${scopeText(a)}${a.locked_until ? `, locked until ${a.locked_until}` : ''}`

async function byName(sql: Sql, username: string): Promise<Account> {
  const a = await getAccountByUsername(sql, username)
  if (!a) throw new RequestError(404, 'Not found', [{ path: 'username', message: `expected an existing username, found ${JSON.stringify(username)}` }])
  return a
}

async function run(sql: Sql, c: UserCommand) {
  switch (c.command) {
    case 'add': {
      const u = usernameSchema.safeParse(c.username)
      if (!u.success) throw new RequestError(400, 'Bad username', [{ path: 'username', message: u.error.issues[0].message }])
      const pw = await newPassword(c.passwordStdin, c.username)
      const a = await createAccount(sql, { username: c.username, role: c.role, display_name: c.name, password: pw.password, scope: splitScopeCodes(c.scope) })
      console.log(`Created ${describe(a)}`)
      pw.print()
      return
    }
    case 'list': {
      const rows = await listAccounts(sql)
      if (!rows.length) console.log('No accounts. Create the first admin: npm run user -- add admin --role admin')
      for (const a of rows) {
        console.log([a.id, a.username, a.role, a.disabled ? 'disabled' : 'enabled', scopeText(a), a.locked_until ? `locked until ${a.locked_until}` : '', a.display_name].join('\t'))
      }
      return
    }
    case 'scope': {
      const a = await setScope(sql, (await byName(sql, c.username)).id, splitScopeCodes(c.scope))
      console.log(`Updated ${describe(a)}`)
      return
    }
    case 'password': {
      const a = await byName(sql, c.username)
      const pw = await newPassword(c.passwordStdin, a.username)
      await updateAccount(sql, a.id, { password: pw.password })
      console.log(`New password set for ${a.username}; its sessions have ended`)
      pw.print()
      return
    }
    default: {
      const patch: AccountPatch = c.command === 'role' ? { role: c.role }
        : c.command === 'unlock' ? { unlock: true }
        : { disabled: c.command === 'disable' }
      const a = await updateAccount(sql, (await byName(sql, c.username)).id, patch)
      console.log(`Updated ${describe(a)}${c.command === 'disable' ? '; its sessions have ended' : ''}`)
    }
  }
}

const db = await prepareDatabase(parseConfig(process.env), note).catch((err: Error) => {
  console.error(`[chiphao] could not open the database: ${err.message}`)
  process.exit(1)
})
let code = 0
try {
  await run(db.sql, cmd)
} catch (err) {
  if (err instanceof RequestError) {
    console.error(`[chiphao] ${err.error}:\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`)
  } else {
    console.error(`[chiphao] failed: ${err instanceof Error ? err.message : err}`)
  }
  code = 1
} finally {
  await db.close()
}
process.exit(code)
