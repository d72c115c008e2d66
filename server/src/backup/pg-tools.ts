import { spawn, type ChildProcess } from 'node:child_process'
import { redact } from '../db/connect.ts'

/**
 * Running pg_dump, pg_restore and psql (the PostgreSQL client tools, Debian: postgresql-client-NN) against a
 * DATABASE_URL. The password never goes on a command line (where `ps` shows it): it travels in PGPASSWORD, and
 * every message shows the URL redacted.
 */
export interface PgTarget {
  /** The URL without its password, for the tools' --dbname. */
  url: string
  /** process.env plus PGPASSWORD when the URL had one. */
  env: NodeJS.ProcessEnv
  /** For messages: the URL with *** for the password. */
  shown: string
}

export function pgTarget(databaseUrl: string): PgTarget {
  const u = new URL(databaseUrl)
  const password = decodeURIComponent(u.password)
  u.password = ''
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '10',
    // "table does not exist, skipping" and the like are noise here; warnings and errors still come through
    PGOPTIONS: `${process.env.PGOPTIONS ?? ''} -c client_min_messages=warning`.trim(),
  }
  if (password) env.PGPASSWORD = password
  return { url: u.toString(), env, shown: redact(databaseUrl) }
}

/** Thrown when a tool is not installed: names the package to install. */
export class MissingToolError extends Error {}

export function startTool(tool: 'pg_dump' | 'pg_restore' | 'psql', args: string[], env?: NodeJS.ProcessEnv,
  stdio: ('pipe' | 'ignore')[] = ['ignore', 'pipe', 'pipe']): ChildProcess {
  return spawn(tool, args, { env: env ?? process.env, stdio: stdio as ['pipe', 'pipe', 'pipe'] })
}

export interface ToolResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Resolves when the process and its streams are closed; rejects with MissingToolError when it cannot start. */
export function finished(child: ChildProcess, tool: string, keepStdout = false): Promise<ToolResult> {
  let stdout = ''
  let stderr = ''
  if (keepStdout) {
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (d: string) => (stdout += d))
  }
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-20_000) // the end says what went wrong
  })
  return new Promise((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(new MissingToolError(
          `${tool} was not found on PATH. Install the PostgreSQL client tools of your server's major version ` +
            `(Debian/Ubuntu: apt-get install postgresql-client-15).`,
        ))
      } else reject(err)
    })
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** Runs a tool to the end; throws with its (redacted) stderr when it fails. */
export async function runTool(tool: 'pg_dump' | 'pg_restore' | 'psql', args: string[], target?: PgTarget,
  keepStdout = false): Promise<ToolResult> {
  const child = startTool(tool, args, target?.env, ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'])
  const r = await finished(child, tool, keepStdout)
  if (r.code !== 0) throw new Error(`${tool} failed${exitText(r)}:\n${indent(clean(r.stderr, target))}`)
  return r
}

export function exitText(r: ToolResult): string {
  return r.signal ? ` (killed by ${r.signal})` : ` (exit code ${r.code})`
}

/** Tool output for a message: redacted, trimmed, without psql's `psql:<stdin>:123:` prefixes. */
export function clean(text: string, target?: PgTarget): string {
  let out = text.replace(/^psql:<stdin>:\d+: /gm, '').trim()
  if (target) out = out.split(target.url).join(target.shown)
  return redact(out) || '(no message)'
}

export function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n')
}
