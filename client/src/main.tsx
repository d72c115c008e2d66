// Entry point. The fonts are bundled (no request ever leaves our server): Noto Sans covers Latin and
// Vietnamese, Noto Sans Thai covers Thai, Noto Sans Khmer the Khmer UI; their unicode-ranges make the browser fetch only what a page uses.
import '@fontsource/noto-sans/400.css'
import '@fontsource/noto-sans/600.css'
import '@fontsource/noto-sans-thai/400.css'
import '@fontsource/noto-sans-thai/600.css'
import '@fontsource/noto-sans-khmer/400.css'
import '@fontsource/noto-sans-khmer/600.css'
import './i18n'
import 'maplibre-gl/dist/maplibre-gl.css'
import './styles/base.css'
import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { fontsReady } from './map/fonts'

// One page per address, each its own chunk: the map page never downloads the logbook or the admin page.
const App = lazy(() => import('./app/App').then((m) => ({ default: m.App })))
const LogbookPage = lazy(() => import('./logbook/LogbookPage').then((m) => ({ default: m.LogbookPage })))
const AdminPage = lazy(() => import('./admin/AdminPage').then((m) => ({ default: m.AdminPage })))
const NotesPage = lazy(() => import('./decks/NotesPage').then((m) => ({ default: m.NotesPage })))

void fontsReady() // start fetching the label fonts before the first tile asks for a label

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={null}>
      {location.pathname === '/logbook' ? <LogbookPage /> : /^\/admin\/?$/.test(location.pathname) ? <AdminPage /> : location.pathname === '/decks/notes' ? <NotesPage /> : <App />}
    </Suspense>
  </StrictMode>,
)
