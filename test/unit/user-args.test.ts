import { describe, expect, it } from 'vitest'
import { parseUserArgs } from '../../server/src/cli/user-args.ts'

// `npm run user` looks its command up by the name typed: a name every plain object inherits is no command either
// (the lookup once read allowed[command] and threw a TypeError instead of saying what was wrong).
describe('npm run user with a command named like an inherited property', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('%s is an unknown command', (command) => {
    expect(() => parseUserArgs([command, 'ann', '--role', 'admin'])).toThrow(/expected a command add, role, scope/)
  })
})
