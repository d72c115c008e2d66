import cliProgress from 'cli-progress'
import { phaseProgress } from './startup/status.ts'

export interface Progress {
  tick(n?: number, label?: string): void
  stop(): void
}

/**
 * A progress bar on a terminal; on a pipe (CI, logs) a line every 10 %, so long work always shows it is moving.
 * Every tick also moves the start page's bar (server/src/startup/status.ts), for a browser opened during the start.
 */
export function startProgress(title: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {percentage}% {value}/{total} {label}`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
    bar.start(total, 0, { label: '' })
    let done = 0
    phaseProgress(0, total)
    return {
      tick: (n = 1, label = '') => {
        done += n
        phaseProgress(done, total)
        bar.increment(n, { label })
      },
      stop: () => bar.stop(),
    }
  }
  let done = 0
  let lastDecile = -1
  phaseProgress(0, total)
  return {
    tick(n = 1, label = '') {
      done += n
      phaseProgress(done, total)
      const decile = Math.floor((10 * done) / Math.max(total, 1))
      if (decile !== lastDecile) {
        lastDecile = decile
        stream.write(`${title}: ${Math.min(100, decile * 10)}% (${done}/${total}) ${label}\n`)
      }
    },
    stop() {},
  }
}
