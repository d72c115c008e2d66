import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'

/**
 * Writes NAME.br and NAME.gz beside each text asset of the build, which the server sends to browsers that accept
 * them (serveStatic precompressed): the app's JavaScript goes over the wire at about a quarter of its size, and no
 * request pays for compressing it.
 */
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'chiphao-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir)
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
      for (const file of walk(outDir).filter((f) => /\.(js|mjs|css|html|svg|json|txt)$/.test(f))) {
        const body = readFileSync(file)
        if (body.length < 1024) continue
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }))
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
      }
    },
  }
}

// Where `npx vite` (the dev server, with hot reload) finds the API and tiles: `npm start`'s default port, or
// CHIPHAO_API_ORIGIN when the server runs elsewhere. In production `npm start` serves dist/client itself.
const API_ORIGIN = process.env.CHIPHAO_API_ORIGIN ?? 'http://127.0.0.1:8080'

export default defineConfig({
  root: 'client',
  plugins: [precompress()],
  oxc: {
    // Automatic runtime: TSX files import nothing from React just to use JSX (tsconfig: "jsx": "react-jsx").
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // maplibre-gl and deck.gl are large by nature; one warning per build is noise.
    chunkSizeWarningLimit: 2500,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': API_ORIGIN,
      '/tiles': API_ORIGIN,
    },
  },
})
