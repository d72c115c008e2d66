import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Hono } from 'hono'
import type { Config } from '../config.ts'
import { errorBody } from '../errors.ts'
import { hostCheck } from '../http/host.ts'
import { securityHeaders } from '../http/security-headers.ts'
import { startupStatus } from './status.ts'

/**
 * What the server answers while it starts (`npm start` listens from its first second, before the database is ready):
 * pages get a progress page that follows the start and opens the map by itself when it is ready; `/api/health` says
 * 503 `starting` with the phase and its progress; every other request 503 with Retry-After. The same host check and
 * security headers as the app (its script is a file of this server, so the CSP holds).
 * Texts in the four UI languages, picked from ?lang= or the browser's languages.
 */
export function startingApp(config: Pick<Config, 'trustProxy' | 'auth'>): Hono {
  const app = new Hono()
  app.use('*', hostCheck(config))
  app.use('*', securityHeaders())
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
    c.header('Retry-After', '2')
  })
  app.get('/api/health', (c) => c.json({ status: 'starting' as const, ...startupStatus() }, 503))
  app.get('/startup.js', (c) => c.body(SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
  // the app's own fonts (the client may not be built yet): Thai and Khmer need them on machines without those fonts
  app.get('/startup/fonts/:file', (c) => {
    const file = FONTS[c.req.param('file')]
    if (!file) return c.json(errorBody('Not found', [{ path: 'file', message: `expected one of ${Object.keys(FONTS).join(', ')}` }]), 404)
    return c.body(readFileSync(file), 200, { 'Content-Type': 'font/woff2' })
  })
  app.all('*', (c) => {
    const wantsPage = (c.req.method === 'GET' || c.req.method === 'HEAD') && !/^\/(api|tiles)\//.test(c.req.path)
      && (c.req.header('accept') ?? '').includes('text/html')
    if (wantsPage) return c.html(PAGE, 503)
    return c.json(errorBody('Service starting', [{
      path: '',
      message: `the server is starting (${startupStatus().phase}); expected a request after it is ready: retry in a few seconds`,
    }]), 503)
  })
  return app
}

const require = createRequire(import.meta.url)
const font = (pkg: string, file: string) => require.resolve(`@fontsource/${pkg}/files/${file}`)
const FONTS: Record<string, string> = {
  'latin.woff2': font('noto-sans', 'noto-sans-latin-400-normal.woff2'),
  'vietnamese.woff2': font('noto-sans', 'noto-sans-vietnamese-400-normal.woff2'),
  'thai.woff2': font('noto-sans-thai', 'noto-sans-thai-thai-400-normal.woff2'),
  'khmer.woff2': font('noto-sans-khmer', 'noto-sans-khmer-khmer-400-normal.woff2'),
}

const TEXTS = {
  en: {
    title: 'chiphao is starting',
    note: 'The first start prepares the database; later starts take a few seconds. This page opens the map by itself when it is ready.',
    phases: {
      client: 'Building the web client', database: 'Starting the database', migrate: 'Preparing the database',
      boundaries: 'Loading boundaries', households: 'Generating synthetic demo households',
      statistics: 'Computing statistics', projects: 'Generating synthetic demo projects', ready: 'Ready',
    },
  },
  vi: {
    title: 'chiphao đang khởi động',
    note: 'Lần khởi động đầu tiên chuẩn bị cơ sở dữ liệu; các lần sau chỉ mất vài giây. Trang này tự mở bản đồ khi sẵn sàng.',
    phases: {
      client: 'Đang dựng giao diện web', database: 'Đang khởi động cơ sở dữ liệu', migrate: 'Đang chuẩn bị cơ sở dữ liệu',
      boundaries: 'Đang tải ranh giới', households: 'Đang tạo các hộ minh họa tổng hợp',
      statistics: 'Đang tính thống kê', projects: 'Đang tạo các dự án minh họa tổng hợp', ready: 'Sẵn sàng',
    },
  },
  th: {
    title: 'chiphao กำลังเริ่มทำงาน',
    note: 'การเริ่มครั้งแรกจะเตรียมฐานข้อมูล ครั้งต่อไปใช้เวลาเพียงไม่กี่วินาที หน้านี้จะเปิดแผนที่เองเมื่อพร้อม',
    phases: {
      client: 'กำลังสร้างเว็บไคลเอนต์', database: 'กำลังเริ่มฐานข้อมูล', migrate: 'กำลังเตรียมฐานข้อมูล',
      boundaries: 'กำลังโหลดขอบเขต', households: 'กำลังสร้างครัวเรือนสาธิตสังเคราะห์',
      statistics: 'กำลังคำนวณสถิติ', projects: 'กำลังสร้างโครงการสาธิตสังเคราะห์', ready: 'พร้อมแล้ว',
    },
  },
  km: {
    title: 'chiphao កំពុងចាប់ផ្ដើម',
    note: 'ការចាប់ផ្ដើមលើកដំបូងរៀបចំមូលដ្ឋានទិន្នន័យ លើកក្រោយៗចំណាយពេលតែប៉ុន្មានវិនាទីប៉ុណ្ណោះ។ ទំព័រនេះនឹងបើកផែនទីដោយខ្លួនឯង នៅពេលរួចរាល់។',
    phases: {
      client: 'កំពុងរៀបចំកម្មវិធីវេប', database: 'កំពុងចាប់ផ្ដើមមូលដ្ឋានទិន្នន័យ', migrate: 'កំពុងរៀបចំមូលដ្ឋានទិន្នន័យ',
      boundaries: 'កំពុងផ្ទុកព្រំដែន', households: 'កំពុងបង្កើតគ្រួសារសាកល្បងសំយោគ',
      statistics: 'កំពុងគណនាស្ថិតិ', projects: 'កំពុងបង្កើតគម្រោងសាកល្បងសំយោគ', ready: 'រួចរាល់',
    },
  },
} as const

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>chiphao</title>
<style>
  @font-face { font-family: "Start Sans"; src: url(/startup/fonts/latin.woff2) format("woff2");
               unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F; }
  @font-face { font-family: "Start Sans"; src: url(/startup/fonts/vietnamese.woff2) format("woff2");
               unicode-range: U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, U+01AF-01B0, U+0300-0301, U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB; }
  @font-face { font-family: "Start Sans"; src: url(/startup/fonts/thai.woff2) format("woff2"); unicode-range: U+0E01-0E5B, U+200C-200D, U+25CC; }
  @font-face { font-family: "Start Sans"; src: url(/startup/fonts/khmer.woff2) format("woff2"); unicode-range: U+1780-17FF, U+19E0-19FF, U+200C-200D, U+25CC; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f6f8; color: #1d2733;
         font: 16px/1.6 "Start Sans", system-ui, sans-serif; }
  main { width: min(32rem, calc(100vw - 2rem)); background: #fff; border-radius: 8px; padding: 1.5rem;
         box-shadow: 0 1px 3px rgb(0 0 0 / 15%); }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; font-weight: 600; }
  progress { width: 100%; height: 0.75rem; }
  #phase { margin: 0.5rem 0 0; }
  #count { margin: 0; color: #4a5866; font-variant-numeric: tabular-nums; }
  #note { margin: 1rem 0 0; color: #4a5866; font-size: 0.9rem; }
</style>
</head>
<body>
<main>
  <h1 id="title">chiphao is starting</h1>
  <progress id="bar" aria-labelledby="phase"></progress>
  <p id="phase" aria-live="polite">Starting</p>
  <p id="count"></p>
  <p id="note"></p>
</main>
<script src="/startup.js"></script>
</body>
</html>
`

// polls /api/health once a second: 503 `starting` moves the bar, 200 means the map is there (reload the same URL)
const SCRIPT = `'use strict'
const TEXTS = ${JSON.stringify(TEXTS)}
const asked = new URLSearchParams(location.search).get('lang')
const lang = [asked, ...navigator.languages].map((l) => (l || '').slice(0, 2)).find((l) => l in TEXTS) || 'en'
const t = TEXTS[lang]
document.documentElement.lang = lang
document.title = t.title
document.getElementById('title').textContent = t.title
document.getElementById('note').textContent = t.note
const bar = document.getElementById('bar')
const number = new Intl.NumberFormat(lang)
async function poll() {
  try {
    const r = await fetch('/api/health', { cache: 'no-store' })
    if (r.ok) return location.reload()
    const s = await r.json()
    if (s.status === 'starting') {
      document.getElementById('phase').textContent = t.phases[s.phase] || s.phase
      if (s.total) {
        bar.max = s.total
        bar.value = s.done
        document.getElementById('count').textContent = number.format(s.done) + ' / ' + number.format(s.total)
      } else {
        bar.removeAttribute('value')
        document.getElementById('count').textContent = ''
      }
    }
  } catch (err) { /* the server restarting: try again */ }
  setTimeout(poll, 1000)
}
poll()
`
