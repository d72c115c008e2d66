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
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { fontsReady } from './map/fonts'
import { LogbookPage } from './logbook/LogbookPage'
import { AdminPage } from './admin/AdminPage'

void fontsReady() // start fetching the label fonts before the first tile asks for a label

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {location.pathname === '/logbook' ? <LogbookPage /> : /^\/admin\/?$/.test(location.pathname) ? <AdminPage /> : <App />}
  </StrictMode>,
)
