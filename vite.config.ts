import { defineConfig } from 'vite'

// Where `npx vite` (the dev server, with hot reload) finds the API and tiles: `npm start`'s default port, or
// CHIPHAO_API_ORIGIN when the server runs elsewhere. In production `npm start` serves dist/client itself.
const API_ORIGIN = process.env.CHIPHAO_API_ORIGIN ?? 'http://127.0.0.1:8080'

export default defineConfig({
  root: 'client',
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
