// Build time: runs a src/viz factory against a happy-dom document and returns the markup, so a figure's
// first paint is the very SVG/HTML the browser would draw (same code, same numbers), with no JavaScript.
// Raster images are encoded with fast-png here, since happy-dom has no canvas.
import { encode } from 'fast-png';
import { Window } from 'happy-dom';
import { setPngEncoder } from '../../src/viz/raster';

let win: Window | null = null;

function pngDataUrl(rgba: Uint8ClampedArray, width: number, height: number): string {
  const png = encode({
    width,
    height,
    data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length),
    channels: 4,
  });
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

/**
 * Calls `draw` on a fresh <div> (with the given attributes) and returns its outer HTML. The d3 selection
 * API needs no globals: every factory creates nodes through root.ownerDocument.
 */
export function renderStatic(draw: (root: HTMLElement) => void, attrs: Record<string, string> = {}): string {
  win ??= new Window({ url: 'http://localhost/' });
  setPngEncoder(pngDataUrl);
  const doc = win.document as unknown as Document;
  const root = doc.createElement('div');
  for (const [k, v] of Object.entries(attrs)) root.setAttribute(k, v);
  doc.body.appendChild(root);
  try {
    draw(root);
    return root.outerHTML;
  } finally {
    root.remove();
    setPngEncoder(null);
  }
}
