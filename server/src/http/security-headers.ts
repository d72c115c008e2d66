import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

/**
 * Security headers on every answer (hono's secureHeaders), with a Content-Security-Policy the web client passes:
 * scripts only from this server; MapLibre starts its workers from blob: URLs and draws images from blob:/data:;
 * inline styles are allowed because MapLibre and deck.gl position their controls with style attributes (no script
 * can run from a style). The browser tests fail on any CSP violation the client reports.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  childSrc: ["'self'", 'blob:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  connectSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CSP_DIRECTIVES,
    xFrameOptions: 'DENY',
    referrerPolicy: 'strict-origin-when-cross-origin',
    xContentTypeOptions: 'nosniff',
    // the map is served over plain HTTP on a laptop too: HSTS belongs to the TLS proxy in front (docs)
    strictTransportSecurity: false,
    // tiles are read by other sites' maps (QGIS, MapLibre apps): cross-origin resource reads stay allowed
    crossOriginResourcePolicy: 'cross-origin',
    crossOriginEmbedderPolicy: false,
  })
}
