import { z } from 'zod'
import { prepareDatabase } from '../boot.ts'
import { parseConfig } from '../config.ts'
import { COUNTRY_PACKS } from '../countries/index.ts'
import { generateDemoProjects } from '../projects/demo.ts'
import { GENERATE_DEFAULTS, generateSynthetic } from '../synthetic/generate.ts'

/**
 * `npm run generate -- --households N --seed S`: replaces the synthetic households (demo data, labelled so) with a
 * population calibrated to the reference figures, then refreshes the unit aggregates. Same N and seed → same rows.
 */
const log = (msg: string) => console.log(`[chiphao] ${msg}`)

const ArgsSchema = z.object({
  households: z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(0, 'expected ≥ 0')
    .max(50_000_000, 'expected at most 50,000,000').default(GENERATE_DEFAULTS.households),
  seed: z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(0, 'expected ≥ 0')
    .max(2 ** 31 - 1, 'expected < 2^31').default(GENERATE_DEFAULTS.seed),
})

export function parseArgs(argv: string[]): z.infer<typeof ArgsSchema> {
  const raw: Record<string, string> = {}
  const errors: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(households|seed)(?:=(.*))?$/.exec(argv[i])
    if (!m) {
      errors.push(`unknown argument "${argv[i]}": expected --households N, --seed S`)
      continue
    }
    const value = m[2] ?? argv[++i]
    if (value === undefined) errors.push(`--${m[1]}: expected a value, found nothing`)
    else raw[m[1]] = value
  }
  const parsed = ArgsSchema.safeParse(raw)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(`--${issue.path.join('.')}: ${issue.message}, found "${raw[String(issue.path[0])]}"`)
  }
  if (errors.length) throw new Error(errors.join('\n'))
  return parsed.data!
}

let args: z.infer<typeof ArgsSchema>
try {
  args = parseArgs(process.argv.slice(2))
} catch (err) {
  console.error(`[chiphao] ${(err as Error).message}\nusage: npm run generate -- --households N --seed S`)
  process.exit(2)
}

try {
  const db = await prepareDatabase(parseConfig(process.env), log)
  try {
    const r = await generateSynthetic(db.sql, COUNTRY_PACKS, args)
    const rate = Math.round(r.households / r.seconds)
    log(`generated ${r.households} synthetic households and ${r.rounds} survey rounds in ${r.seconds.toFixed(1)} s ` +
      `(${rate} households/s, ${db.kind}); seed ${args.seed}`)
    for (const c of r.byCountry) log(`  ${c.country}: ${c.households} households, rounds ${c.years.join(', ')}`)
    const projects = await generateDemoProjects(db.sql, COUNTRY_PACKS, { seed: args.seed })
    log(`generated ${projects} synthetic demo infrastructure projects (seed ${args.seed})`)
  } finally {
    await db.close()
  }
} catch (err) {
  console.error(`[chiphao] generation failed: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
