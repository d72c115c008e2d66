import { ROLES, type Role } from '../auth/roles.ts'

/**
 * The arguments of `npm run user -- <command> …` (server/src/cli/user.ts), parsed without side effects:
 *   add <username> --role <role> [--scope CODES] [--name "Display name"] [--password-stdin]
 *   role <username> <role>
 *   scope <username> [CODES…]        (none = no scope)
 *   disable <username> | enable <username> | unlock <username>
 *   password <username> [--password-stdin]
 *   list
 * CODES: country codes (VN, TH) and unit codes (VN01, TH1001), separated by commas or spaces.
 */
export const USAGE = `usage: npm run user -- <command>
  add <username> --role <${ROLES.join('|')}> [--scope VN,TH10,…] [--name "Display name"] [--password-stdin]
  role <username> <role>
  scope <username> [codes…]     countries (VN, TH) and units (VN01, TH1001); none = no scope
  disable <username>            ends its sessions
  enable <username>
  password <username> [--password-stdin]
  unlock <username>             lifts a lock after failed sign-ins
  list
Without --password-stdin a strong password is generated and printed once.`

export type UserCommand =
  | { command: 'add'; username: string; role: Role; scope: string[]; name?: string; passwordStdin: boolean }
  | { command: 'role'; username: string; role: Role }
  | { command: 'scope'; username: string; scope: string[] }
  | { command: 'disable' | 'enable' | 'unlock'; username: string }
  | { command: 'password'; username: string; passwordStdin: boolean }
  | { command: 'list' }

const isRole = (s: string | undefined): s is Role => (ROLES as readonly string[]).includes(s ?? '')
const roleError = (s: string | undefined) => `expected a role ${ROLES.join(', ')}, found ${s === undefined ? 'none' : JSON.stringify(s)}`

/** Throws an Error whose message lists every problem ("expected X, found Y"), one a line. */
export function parseUserArgs(argv: readonly string[]): UserCommand {
  const [command, ...rest] = argv
  const errors: string[] = []
  const positional: string[] = []
  const opts: { role?: string; scope: string[]; name?: string; passwordStdin: boolean } = { scope: [], passwordStdin: false }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    const m = /^--(role|scope|name)(?:=(.*))?$/.exec(a)
    if (m) {
      const v = m[2] ?? rest[++i]
      if (v === undefined) errors.push(`--${m[1]}: expected a value, found nothing`)
      else if (m[1] === 'scope') opts.scope.push(v)
      else opts[m[1] as 'role' | 'name'] = v
    } else if (a === '--password-stdin') opts.passwordStdin = true
    else if (a.startsWith('--')) errors.push(`unknown option ${JSON.stringify(a)}: expected --role, --scope, --name or --password-stdin`)
    else positional.push(a)
  }
  const username = positional[0]
  const needUser = () => { if (!username) errors.push(`${command}: expected a username, found none`) }
  const noMore = (n: number) => { if (positional.length > n) errors.push(`${command}: expected ${n} argument(s), found ${positional.length}: ${positional.slice(n).join(' ')}`) }
  let out: UserCommand | undefined
  switch (command) {
    case 'add':
      needUser(); noMore(1)
      if (!isRole(opts.role)) errors.push(`--role: ${roleError(opts.role)}`)
      out = { command, username, role: opts.role as Role, scope: opts.scope, name: opts.name, passwordStdin: opts.passwordStdin }
      break
    case 'role':
      needUser(); noMore(2)
      if (!isRole(positional[1])) errors.push(`role: ${roleError(positional[1])}`)
      out = { command, username, role: positional[1] as Role }
      break
    case 'scope':
      needUser()
      out = { command, username, scope: [...positional.slice(1), ...opts.scope] }
      break
    case 'disable': case 'enable': case 'unlock':
      needUser(); noMore(1)
      out = { command, username }
      break
    case 'password':
      needUser(); noMore(1)
      out = { command, username, passwordStdin: opts.passwordStdin }
      break
    case 'list':
      noMore(0)
      out = { command }
      break
    default:
      errors.push(`expected a command add, role, scope, disable, enable, password, unlock or list, found ${command === undefined ? 'none' : JSON.stringify(command)}`)
  }
  // a Map: the command is typed by the user, and `constructor` or `__proto__` must find nothing
  const allowed = new Map<string, string[]>([['add', ['role', 'scope', 'name', 'passwordStdin']], ['password', ['passwordStdin']]])
  for (const [k, used] of [['role', opts.role !== undefined], ['scope', opts.scope.length > 0 && command !== 'scope'], ['name', opts.name !== undefined], ['passwordStdin', opts.passwordStdin]] as const) {
    if (used && command && !(allowed.get(command) ?? []).includes(k)) errors.push(`${command}: option --${k === 'passwordStdin' ? 'password-stdin' : k} does not apply`)
  }
  if (errors.length || !out) throw new Error(errors.join('\n'))
  return out
}
