/**
 * npm run bench -- --skip-start --skip-tiles --geodata-load — the boundaries phase of the embedded first start.
 *
 * loadGeodata into an empty embedded database (fresh data dir, migrated), twice in one run:
 *   baseline: the processed files with the generalised copies and label anchors taken out, so the trigger derives
 *             them per unit inside the database, as every start did before they came with the files;
 *   as built: the processed files as geodata/build.ts writes them (the loader stores the copies, the trigger derives
 *             only geom_3857 and area_km2).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { parseConfig } from '../../server/src/config.ts'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { openDatabase } from '../../server/src/db/connect.ts'
import { migrate } from '../../server/src/db/migrate.ts'
import { loadGeodata, PROCESSED_DIR } from '../../server/src/geodata/load.ts'

async function timeLoad(dir: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chiphao-geodata-bench-'))
  const db = await openDatabase(parseConfig({ CHIPHAO_DATA_DIR: dataDir }))
  try {
    await migrate(db.sql)
    const t0 = performance.now()
    await loadGeodata(db.sql, COUNTRY_PACKS, dir)
    return (performance.now() - t0) / 1000
  } finally {
    await db.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function benchGeodataLoad() {
  const stripped = mkdtempSync(join(tmpdir(), 'chiphao-geodata-stripped-'))
  try {
    for (const pack of COUNTRY_PACKS) {
      for (const { file } of pack.geodata) {
        const fc = JSON.parse(gunzipSync(readFileSync(join(PROCESSED_DIR, file))).toString('utf8'))
        for (const f of fc.features) {
          delete f.geometry_z8
          delete f.geometry_z5
          delete f.label
        }
        writeFileSync(join(stripped, file), gzipSync(JSON.stringify(fc)))
      }
    }
    const baseline = await timeLoad(stripped)
    const built = await timeLoad(PROCESSED_DIR)
    console.log('\n## Boundaries phase of the embedded first start (loadGeodata into an empty embedded database)')
    console.log(`baseline, copies and labels derived by the trigger: ${baseline.toFixed(1)} s`)
    console.log(`as built, copies and labels from the files:        ${built.toFixed(1)} s   (ratio ${(built / baseline).toFixed(2)})`)
  } finally {
    rmSync(stripped, { recursive: true, force: true })
  }
}
