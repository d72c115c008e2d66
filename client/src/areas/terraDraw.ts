// terra-draw and its MapLibre adapter, loaded only when someone first opens the drawing tools or an area with a shape
// is shown (useAreaDraw imports this module on demand): most visits never draw, so the page's first download
// leaves them out.
export { TerraDraw, TerraDrawPolygonMode, TerraDrawRectangleMode, TerraDrawSelectMode } from 'terra-draw'
export { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
