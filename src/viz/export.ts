// Downloads of a figure: the SVG as drawn (with the page's resolved colours inlined, so it stands alone),
// a PNG rendered from it, and the data as CSV or JSON. Browser only; nothing leaves the reader's machine.
import { type Matrix, toCsv } from './matrix';
import { t } from './strings';

const SVG_NS = 'http://www.w3.org/2000/svg';
const INLINED = [
  'fill',
  'stroke',
  'font-family',
  'font-size',
  'font-weight',
  'opacity',
  'visibility',
] as const;

/** A standalone SVG string: computed styles of text and shapes inlined, namespace set. */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  const view = svg.ownerDocument.defaultView;
  if (view?.getComputedStyle) {
    const src = svg.querySelectorAll('*');
    const dst = clone.querySelectorAll('*');
    src.forEach((el, i) => {
      const cs = view.getComputedStyle(el);
      const target = dst[i] as SVGElement | undefined;
      if (!target) return;
      for (const prop of INLINED) {
        const v = cs.getPropertyValue(prop);
        if (v && !target.getAttribute(prop)) target.style.setProperty(prop, v);
      }
    });
  }
  return new XMLSerializer().serializeToString(clone);
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadSvg(svg: SVGSVGElement, name: string): void {
  download(`${name}.svg`, new Blob([serializeSvg(svg)], { type: 'image/svg+xml' }));
}

/** Renders the SVG into a canvas at `scale` × its drawing size and downloads a PNG. */
export async function downloadPng(svg: SVGSVGElement, name: string, scale = 2): Promise<void> {
  const box = svg.viewBox.baseVal;
  const width = Math.ceil((box?.width || svg.clientWidth || 640) * scale);
  const height = Math.ceil((box?.height || svg.clientHeight || 480) * scale);
  const url = URL.createObjectURL(new Blob([serializeSvg(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.fillStyle = getComputedStyle(svg).getPropertyValue('--fig-bg').trim() || '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/png'));
    if (blob) download(`${name}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadCsv(m: Matrix, name: string): void {
  download(`${name}.csv`, new Blob([toCsv(m)], { type: 'text/csv' }));
}

/** JSON with typed arrays as plain arrays. */
export function toJson(data: unknown): string {
  return JSON.stringify(
    data,
    (_k, v: unknown) =>
      ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v,
    1,
  );
}

export function downloadJson(data: unknown, name: string): void {
  download(`${name}.json`, new Blob([toJson(data)], { type: 'application/json' }));
}

/** A toolbar of download buttons (SVG, PNG, CSV, JSON) for a figure root; created once per root. */
export function exportToolbar(
  root: HTMLElement,
  name: string,
  data: () => { matrix?: Matrix; json?: unknown },
): void {
  if (root.querySelector(':scope > .viz-export')) return;
  const bar = document.createElement('div');
  bar.className = 'viz-export';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', t().download);
  const add = (label: string, run: () => void | Promise<void>): void => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', () => void run());
    bar.appendChild(b);
  };
  const svg = (): SVGSVGElement | null => root.querySelector('svg');
  add('SVG', () => {
    const s = svg();
    if (s) downloadSvg(s, name);
  });
  add('PNG', async () => {
    const s = svg();
    if (s) await downloadPng(s, name);
  });
  add('CSV', () => {
    const m = data().matrix;
    if (m) downloadCsv(m, name);
  });
  add('JSON', () => downloadJson(data().json ?? data().matrix, name));
  root.appendChild(bar);
}
