// The logbook's offline queue: assistance entries saved while offline (or when sending fails on the network) wait in
// localStorage, each with the Idempotency-Key made when the user pressed Save, and are sent when the browser is back
// online, at app start, or on "Send now". The server records each key once, so a resend never makes a second entry.
// A 4xx other than 409 marks the item failed with the server's message; it stays in the queue until the user drops it.
import type { AssistanceEntry, AssistanceInput } from '../../../server/src/contract/logbook'
import { ApiError, request } from '../api/client'

export interface QueuedEntry {
  key: string
  household_id: string
  input: AssistanceInput
  saved_at: string
  state: 'waiting' | 'failed'
  message: string | null
}

const STORE = 'chiphao.logbook.queue.v1'

/** A v4 UUID; crypto.randomUUID is missing outside secure contexts (plain-http LAN addresses). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export function readQueue(): QueuedEntry[] {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? '[]') as unknown
    return Array.isArray(v) ? (v as QueuedEntry[]) : []
  } catch {
    return []
  }
}

function writeQueue(q: QueuedEntry[]): void {
  localStorage.setItem(STORE, JSON.stringify(q))
  window.dispatchEvent(new Event('logbook-queue'))
}

export function enqueue(item: QueuedEntry): void {
  writeQueue([...readQueue().filter((q) => q.key !== item.key), item])
}

export function dropQueued(key: string): void {
  writeQueue(readQueue().filter((q) => q.key !== key))
}

export type SendResult = { kind: 'sent'; entry: AssistanceEntry } | { kind: 'network' } | { kind: 'rejected'; message: string }

/** POST one entry with its key. A network error (offline, server unreachable) is not a rejection: the item waits. */
export async function sendEntry(household: string, key: string, input: AssistanceInput): Promise<SendResult> {
  try {
    const entry = await request<AssistanceEntry>(`/api/logbook/households/${encodeURIComponent(household)}/entries`, {
      method: 'POST',
      headers: { 'idempotency-key': key },
      body: input,
    })
    return { kind: 'sent', entry }
  } catch (err) {
    if (!(err instanceof ApiError) || err.status === 0 || err.status >= 500 || err.status === 409) return { kind: 'network' }
    return { kind: 'rejected', message: err.title }
  }
}

let flushing: Promise<number> | null = null

/** Send every waiting item, one at a time; returns how many were sent. Concurrent calls share one run. */
export function flushQueue(): Promise<number> {
  flushing ??= (async () => {
    let sent = 0
    for (const item of readQueue()) {
      if (item.state !== 'waiting') continue
      const r = await sendEntry(item.household_id, item.key, item.input)
      if (r.kind === 'network') break
      if (r.kind === 'sent') {
        dropQueued(item.key)
        sent++
      } else {
        writeQueue(readQueue().map((q) => (q.key === item.key ? { ...q, state: 'failed' as const, message: r.message } : q)))
      }
    }
    return sent
  })().finally(() => {
    flushing = null
  })
  return flushing
}
