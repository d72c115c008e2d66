/**
 * Where the server is in its start: the phase and how far it got, read by the page served while it starts
 * (server/src/startup/page.ts) and printed to the terminal by the progress bars (server/src/progress.ts).
 * One process, one start: a module-level record, written by `startPhase` and the progress bars' ticks.
 */
export type PhaseId = 'client' | 'database' | 'migrate' | 'boundaries' | 'households' | 'statistics' | 'projects' | 'ready'

export interface StartupStatus {
  phase: PhaseId
  /** Work done and to do in the phase, when it is counted (units loaded, households generated); else null. */
  done: number | null
  total: number | null
  /** Seconds since the process started. */
  elapsed: number
  /** Seconds each finished phase took, in order. */
  phases: { phase: PhaseId; seconds: number }[]
}

const t0 = performance.now()
// the first thing `npm start` does is make sure the client is built (server/src/main.ts)
let current: { phase: PhaseId; started: number; done: number | null; total: number | null } = {
  phase: 'client',
  started: t0,
  done: null,
  total: null,
}
const finished: { phase: PhaseId; seconds: number }[] = []

/** Enters a phase; the previous one is recorded with its duration. */
export function startPhase(phase: PhaseId): void {
  if (phase === current.phase) return
  const now = performance.now()
  finished.push({ phase: current.phase, seconds: round1((now - current.started) / 1000) })
  current = { phase, started: now, done: null, total: null }
}

/** A progress bar of the current phase moved (server/src/progress.ts calls this). */
export function phaseProgress(done: number, total: number): void {
  current.done = done
  current.total = total
}

export function startupStatus(): StartupStatus {
  return {
    phase: current.phase,
    done: current.done,
    total: current.total,
    elapsed: round1((performance.now() - t0) / 1000),
    phases: [...finished],
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10
