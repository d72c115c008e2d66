import { execFile, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { backupEmbedded, restoreEmbedded } from '../../server/src/backup/embedded.ts'
import { BackupFileError, sniffBackup } from '../../server/src/backup/files.ts'
import { inventory, type Inventory } from '../../server/src/backup/inventory.ts'
import { RestoreRefusedError } from '../../server/src/backup/result.ts'
import { pgTarget } from '../../server/src/backup/pg-tools.ts'
import { backupServer, restoreServer } from '../../server/src/backup/server.ts'
import type { Sql } from '../../server/src/db/connect.ts'
import { startEmbedded } from '../../server/src/db/embedded.ts'
import { DataDirBusyError, lockDataDir, lockPath } from '../../server/src/db/lock.ts'
import { migrate } from '../../server/src/db/migrate.ts'

/**
 * db:backup / db:restore round trips: back up, restore elsewhere, and compare every table of schema public by row
 * count and a checksum of its rows (md5 over the sorted md5 of each row's text), PostGIS, migrations and functions.
 * - embedded: always (a small PGlite data dir of its own: migrations, no boundaries, a few unusual rows);
 * - server: when the test database is a server and pg_dump is installed; restores into a scratch database
 *   chiphao_restore_<random>, created and dropped here, and runs the CLIs once as child processes.
 * Damaged, foreign and truncated files must be refused with the target left exactly as it was.
 */
const ROOT = new URL('../../', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'chiphao-backup-test-'))
const PREFIX = 'bak-test-'
const quiet = { onnotice: () => {}, max: 1 }

/** Text that trips quoting and encodings: quotes, backslashes, COPY's \N and tabs, newlines, non-Latin scripts. */
const UNUSUAL = [
  `O'Brien "quoted" \\ back\\slash`,
  'tab\there, newline\nand CRLF\r\nend',
  '\\N',
  'NULL',
  '',
  ' padded ',
  'Hoàn Kiếm · ตำบลบางรัก · ភ្នំពេញ · 🏠 ∅ €',
  '{"json": [1, "two"]}',
  '%_ like wildcards; -- comment /* block */',
]

async function insertUnusualRows(sql: Sql, country: string) {
  for (const [i, text] of UNUSUAL.entries()) {
    const id = `${PREFIX}${i}`
    await sql`
      insert into households (id, country, unit_code, village, geom, urban, size, synthetic, source)
      values (${id}, ${country}, ${`${country}-bak-${i}`}, ${text},
              ST_SetSRID(ST_MakePoint(${105 + i / 100}, ${21 + i / 100}), 4326), ${i % 2 === 0}, ${1 + i}, false, ${text})`
    await sql`
      insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask,
                                 deprivation_count, status, band)
      values (${id}, 2024, ${i === 0 ? null : 1234.5678 * i}, ${[text, 'water', 'a,b', 'x"y']}, ${i}, ${i % 4}, ${i},
              'poor', ${i % 3 === 0 ? null : text})`
    await sql`
      insert into proposals (id, name, type, status, budget, currency, notes, owner, geom)
      values (${id}, ${text || 'empty'}, 'road', 'draft', ${'12345678901234567890.0123456789'}, 'VND', ${text},
              ${PREFIX}, ST_GeomFromText(${`MULTIPOLYGON(((105 21, 105.1 21, 105.1 ${21.1 + i / 1000}, 105 21)))`}, 4326))`
    await sql`
      insert into proposal_history (proposal_id, version, action, changed_by, snapshot)
      values (${id}, 1, 'created', ${text}, ${sql.json({ name: text, owner: PREFIX, nested: { list: [text, null, 1.5] } })})`
  }
}

async function removeUnusualRows(sql: Sql) {
  await sql`delete from households where id like ${PREFIX + '%'}`
  await sql`delete from proposals where id like ${PREFIX + '%'}`
  await sql`delete from proposal_history where proposal_id like ${PREFIX + '%'}`
}

/** The inventory without row checksums, as backup and restore report it. */
const counts = (inv: Inventory) => ({ ...inv, tables: inv.tables.map(({ table, rows }) => ({ table, rows })) })

/** Files and folders of a data dir, with the size of each file in its pglite folder: what "untouched" means. */
function listing(dataDir: string): string[] {
  const out = readdirSync(dataDir).sort()
  const pg = join(dataDir, 'pglite')
  if (existsSync(pg)) out.push(...readdirSync(pg, { recursive: true }).map(String).sort().map((f) => `pglite/${f}`))
  return out
}

function runCli(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `server/src/cli/${script}`, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }))
  })
}

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('data dir lock', () => {
  const dir = join(work, 'lock')
  const write = (pid: number) => writeFileSync(lockPath(dir), JSON.stringify({ pid, command: 'test', since: 'now' }))
  const holder = () => JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid

  it('refuses while a live process holds it, takes over a stale one, and releases only its own', () => {
    const release = lockDataDir(dir)
    expect(holder()).toBe(process.pid)
    expect(() => lockDataDir(dir)).toThrow(/in use by process \d+ .*delete .*pglite\.lock/) // a second open here
    release()
    expect(existsSync(lockPath(dir))).toBe(false)

    write(process.ppid) // alive: another process
    expect(() => lockDataDir(dir)).toThrow(DataDirBusyError)
    write(spawnSync(process.execPath, ['-e', '']).pid!) // that process has exited: stale
    lockDataDir(dir)()
    write(process.pid) // this pid, but not taken here: left by an earlier process with the same pid (containers)
    const again = lockDataDir(dir)
    write(process.ppid) // someone else's now: releasing must not delete it
    again()
    expect(holder()).toBe(process.ppid)
    rmSync(lockPath(dir))
  })
})

describe('server URL handling', () => {
  it('passes the password in PGPASSWORD, never on the command line, and shows it as ***', () => {
    const t = pgTarget('postgres://alice:s%40cr%3At@db.example:5433/chiphao?sslmode=require')
    expect(t.url).toBe('postgres://alice@db.example:5433/chiphao?sslmode=require')
    expect(t.env.PGPASSWORD).toBe('s@cr:t')
    expect(t.shown).toBe('postgres://alice:***@db.example:5433/chiphao?sslmode=require')
    expect(pgTarget('postgres://bob@localhost/x').env.PGPASSWORD).toBe(process.env.PGPASSWORD)
  })
})

describe('embedded database (PGlite data dir)', () => {
  const dirA = join(work, 'a')
  const dirB = join(work, 'b')
  const file = join(work, 'embedded.tar.gz')
  let source: Inventory

  it('backs up a data dir, refusing while the database is open, and restores it with equal tables and rows', async () => {
    const pg = await startEmbedded(dirA, () => {})
    const sql = postgres({ host: pg.host, port: pg.port, username: 'postgres', database: 'postgres', ...quiet })
    try {
      await migrate(sql)
      await sql`insert into countries (code, name_en, name_native, current_vintage) values ('ZZ', ${UNUSUAL[0]}, ${UNUSUAL[6]}, 'v1')`
      await insertUnusualRows(sql, 'ZZ')
      source = await inventory(sql, { checksums: true })
      // the database is open (as by a running server): the lock makes the backup refuse, and writes nothing
      await expect(backupEmbedded({ dataDir: dirA, file })).rejects.toThrow(DataDirBusyError)
      await expect(backupEmbedded({ dataDir: dirA, file })).rejects.toThrow(/in use by process \d+/)
      expect(existsSync(file)).toBe(false)
    } finally {
      await sql.end()
      await pg.stop()
    }
    expect(source.tables.find((t) => t.table === 'households')!.rows).toBe(UNUSUAL.length)
    expect(source.postgis).toBeTruthy()

    const backup = await backupEmbedded({ dataDir: dirA, file })
    expect(counts(backup.inventory)).toEqual(counts(source))
    expect(sniffBackup(file)).toBe('pglite')
    expect(readdirSync(work).filter((f) => f.endsWith('.partial'))).toEqual([])

    const restore = await restoreEmbedded({ dataDir: dirB, file })
    expect(restore.replaced).toBe(false)
    expect(restore.previous).toBeUndefined()
    expect(counts(restore.inventory)).toEqual(counts(source))
    expect(listing(dirB).filter((f) => !f.startsWith('pglite/'))).toEqual(['pglite']) // no staging, no lock left
  }, 300_000)

  it('the restored data dir opens as the app opens it, with every row equal and the schema current', async () => {
    const pg = await startEmbedded(dirB, () => {})
    const sql = postgres({ host: pg.host, port: pg.port, username: 'postgres', database: 'postgres', ...quiet })
    try {
      expect(await inventory(sql, { checksums: true })).toEqual(source)
      expect(await migrate(sql)).toEqual([]) // nothing pending: migrations table and functions came along
      const [r] = await sql<{ n: number; villages: string[] }[]>`
        select count(*)::int as n, array_agg(village order by id) as villages from households
        where ST_DWithin(geom, ST_SetSRID(ST_MakePoint(105, 21), 4326), 1)`
      expect(r.n).toBe(UNUSUAL.length)
      expect(r.villages).toEqual(UNUSUAL)
    } finally {
      await sql.end()
      await pg.stop()
    }
  }, 120_000)

  it('refuses garbage, a truncated tarball, a server dump and a tar of something else, leaving the target untouched', async () => {
    const before = listing(dirB)
    const bytes = readFileSync(file)
    const bad = {
      'garbage.tar.gz': Buffer.from('this is not a backup at all\n'),
      'truncated.tar.gz': bytes.subarray(0, Math.floor(bytes.length / 2)),
      'server.dump': Buffer.concat([Buffer.from('PGDMP'), randomBytes(100)]),
      'other.tar.gz': gzipSync(Buffer.alloc(1024)), // an empty tar: no PG_VERSION
      'empty.tar.gz': Buffer.alloc(0),
    }
    const messages: Record<string, RegExp> = {
      'garbage.tar.gz': /not a chiphao backup/,
      'truncated.tar.gz': /damaged/,
      'server.dump': /pg_dump file of a PostgreSQL server/,
      'other.tar.gz': /not of a PostgreSQL data directory/,
      'empty.tar.gz': /is empty/,
    }
    for (const [name, content] of Object.entries(bad)) {
      writeFileSync(join(work, name), content)
      const attempt = restoreEmbedded({ dataDir: dirB, file: join(work, name), force: true })
      await expect(attempt, name).rejects.toThrow(BackupFileError)
      await expect(restoreEmbedded({ dataDir: dirB, file: join(work, name), force: true }), name).rejects.toThrow(messages[name])
      expect(listing(dirB), name).toEqual(before)
    }
    await expect(restoreEmbedded({ dataDir: dirB, file: join(work, 'missing.tar.gz') })).rejects.toThrow(/no such file/)

    // a good backup over an existing database: refused without --force, nothing changed
    await expect(restoreEmbedded({ dataDir: dirB, file })).rejects.toThrow(RestoreRefusedError)
    await expect(restoreEmbedded({ dataDir: dirB, file })).rejects.toThrow(/already holds a database.*--force/)
    expect(listing(dirB)).toEqual(before)
  }, 120_000)

  it('with --force replaces the database and keeps the previous one beside it', async () => {
    const r = await restoreEmbedded({ dataDir: dirB, file, force: true })
    expect(r.replaced).toBe(true)
    expect(r.previous).toMatch(/pglite\.before-restore-\d{8}-\d{6}$/)
    expect(existsSync(join(r.previous!, 'PG_VERSION'))).toBe(true)
    expect(counts(r.inventory)).toEqual(counts(source))
    expect(readdirSync(dirB).sort()).toEqual(['pglite', r.previous!.split('/').pop()!].sort())
  }, 120_000)
})

const db = inject('db')
const hasPgDump = await new Promise<boolean>((resolve) => execFile('pg_dump', ['--version'], (err) => resolve(!err)))

describe.runIf(db.kind === 'server' && hasPgDump)('PostgreSQL server (pg_dump / pg_restore)', () => {
  const scratchName = `chiphao_restore_${randomBytes(4).toString('hex')}`
  const scratchUrl = (() => {
    const u = new URL(db.url)
    u.pathname = `/${scratchName}`
    return u.toString()
  })()
  const file = join(work, 'server.dump')
  let sql: Sql
  let scratch: Sql
  let source: Inventory

  beforeAll(async () => {
    sql = postgres(db.url, quiet)
    await removeUnusualRows(sql)
    await insertUnusualRows(sql, 'VN')
    await sql`create database ${sql(scratchName)}`
    scratch = postgres(scratchUrl, quiet)
    source = await inventory(sql, { checksums: true })
  }, 120_000)

  afterAll(async () => {
    await scratch?.end()
    if (sql) {
      await removeUnusualRows(sql)
      await sql`drop database if exists ${sql(scratchName)} with (force)`
      await sql.end()
    }
  })

  it('backs up the test database and restores it into an empty one: every table equal, PostGIS and migrations in place', async () => {
    const backup = await backupServer({ url: db.url, file })
    expect(counts(backup.inventory)).toEqual(counts(source))
    expect(sniffBackup(file)).toBe('pg_dump')
    expect(backup.bytes).toBeGreaterThan(1000)

    const restore = await restoreServer({ url: scratchUrl, file })
    expect(restore.replaced).toBe(false)
    expect(counts(restore.inventory)).toEqual(counts(source))
    expect(await inventory(scratch, { checksums: true })).toEqual(source)
    expect(source.tables.map((t) => t.table)).toEqual(expect.arrayContaining(
      ['admin_units', 'households', 'survey_rounds', 'proposals', 'proposal_history', 'schema_migrations']))

    // the app's view of it: nothing to migrate, PostGIS answers, the tile and stats functions run
    expect(await migrate(scratch)).toEqual([])
    const [r] = await scratch<{ n: number; villages: string[] }[]>`
      select count(*)::int as n, array_agg(village order by id) as villages from households
      where id like ${PREFIX + '%'} and ST_DWithin(geom, ST_SetSRID(ST_MakePoint(105, 21), 4326), 1)`
    expect(r).toEqual({ n: UNUSUAL.length, villages: UNUSUAL })
    await scratch`select chiphao_refresh_unit_stats('VN')`
  }, 240_000)

  it('refuses to restore over a non-empty database without --force, and refuses bad files, changing nothing', async () => {
    await scratch`create table leftover_marker (x int)`
    const before = await inventory(scratch, { checksums: true })
    await expect(restoreServer({ url: scratchUrl, file })).rejects.toThrow(RestoreRefusedError)
    await expect(restoreServer({ url: scratchUrl, file })).rejects.toThrow(/not empty.*--force/s)

    const bytes = readFileSync(file)
    const bad = {
      'garbage.dump': [Buffer.from('garbage, not a dump'), /not a chiphao backup/],
      'embedded.tar.gz': [gzipSync(Buffer.alloc(1024)), /backup of the embedded database/],
      'header.dump': [bytes.subarray(0, 200), /cannot be read \(damaged/],
    } as const
    for (const [name, [content, message]] of Object.entries(bad)) {
      writeFileSync(join(work, name), content)
      await expect(restoreServer({ url: scratchUrl, file: join(work, name), force: true }), name).rejects.toThrow(BackupFileError)
      await expect(restoreServer({ url: scratchUrl, file: join(work, name), force: true }), name).rejects.toThrow(message)
    }
    expect(await inventory(scratch, { checksums: true })).toEqual(before)
  }, 120_000)

  it('a dump cut off in its data fails half way through and is rolled back completely, even with --force', async () => {
    const before = await inventory(scratch, { checksums: true })
    const bytes = readFileSync(file)
    const truncated = join(work, 'truncated.dump')
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)))
    await expect(restoreServer({ url: scratchUrl, file: truncated, force: true })).rejects.toThrow(/nothing was changed/)
    expect(await inventory(scratch, { checksums: true })).toEqual(before)
    expect(before.tables.map((t) => t.table)).toContain('leftover_marker')
  }, 120_000)

  it('the CLIs end to end: db:backup writes a file, db:restore --force replaces everything, bad input exits non-zero', async () => {
    const cliFile = join(work, 'cli', 'chiphao.dump')
    const b = await runCli('backup.ts', [cliFile], { DATABASE_URL: db.url })
    expect(b.code, b.out).toBe(0)
    expect(b.out).toMatch(/households\s+\d/)
    expect(b.out).toMatch(/wrote .*chiphao\.dump \(\d+(\.\d)? MB, server\)/)
    const again = await runCli('backup.ts', [cliFile], { DATABASE_URL: db.url })
    expect(again.code).toBe(2)
    expect(again.out).toMatch(/already exists.*--force/)

    await scratch`update households set village = 'changed' where id = ${PREFIX + '0'}`
    // the checksum sees one changed row where the count does not
    const households = (inv: Inventory) => inv.tables.find((t) => t.table === 'households')!
    const changed = households(await inventory(scratch, { checksums: true }))
    expect(changed.rows).toBe(households(source).rows)
    expect(changed.md5).not.toBe(households(source).md5)
    const r = await runCli('restore.ts', [cliFile, '--force'], { DATABASE_URL: scratchUrl })
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/replacing what was there/)
    expect(r.out).toMatch(/PostGIS \d+\.\d+\.\d+, migrations up to \d+/)
    expect(await inventory(scratch, { checksums: true })).toEqual(source) // leftover_marker gone, the row as it was

    const missing = await runCli('restore.ts', [join(work, 'missing.dump')], { DATABASE_URL: scratchUrl })
    expect(missing.code).toBe(2)
    expect(missing.out).toMatch(/no such file; nothing was changed/)
  }, 240_000)
})
