// MapLibre 6 looks for its worker next to its own module file, which bundling moves. The worker file is
// self-contained, so it ships as a plain asset and MapLibre is told where it went.
import { setWorkerUrl } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'

setWorkerUrl(new URL(workerUrl, location.href).href)
