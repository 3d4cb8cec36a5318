// Draws what a cell's program showed, in order, with the site's own figure factories (src/viz): a number
// (its full value kept in data-value), a heat map with its data table, bars, a token strip and its merges,
// an image, a table, and console lines. Every text is set as text, never as markup.
import type { CellItem } from '../../../src/runtime/cell-protocol';
import { bars } from '../../../src/viz/bars';
import { exportToolbar } from '../../../src/viz/export';
import type { Matrix } from '../../../src/viz/matrix';
import { heatmap } from '../../../src/viz/heatmap';
import { pngHref, rgbToRgba } from '../../../src/viz/raster';
import { formatValue } from '../../../src/viz/scales';
import { mergeSteps, tokenCells, tokenStrip } from '../../../src/viz/tokens';

function block(root: HTMLElement, kind: string, title?: string): HTMLElement {
  const item = document.createElement('div');
  item.className = `cell-item cell-${kind}`;
  item.dataset.cellItem = kind;
  if (title) {
    const h = document.createElement('p');
    h.className = 'cell-item-title';
    h.textContent = title;
    item.append(h);
  }
  root.append(item);
  return item;
}

function table(root: HTMLElement, columns: string[], rows: string[][], caption: string): void {
  const t = document.createElement('table');
  t.className = 'cell-table';
  if (caption) t.createCaption().textContent = caption;
  if (columns.some((c) => c !== '')) {
    const head = t.createTHead().insertRow();
    for (const c of columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c;
      head.append(th);
    }
  }
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    r.forEach((cell, i) => {
      const td = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) td.setAttribute('scope', 'row');
      td.textContent = cell;
      tr.append(td);
    });
  }
  const wrap = document.createElement('div');
  wrap.className = 'cell-scroll';
  wrap.tabIndex = 0;
  wrap.append(t);
  root.append(wrap);
}

/** Draws one item; `name` names its downloads (SVG, PNG, CSV, JSON), e.g. "tokenizer-merges-2". */
export function drawItem(root: HTMLElement, item: CellItem, width: number, name = 'cell'): void {
  switch (item.kind) {
    case 'text': {
      const pre = document.createElement('pre');
      pre.className = `cell-log cell-log-${item.level}`;
      pre.dataset.cellItem = 'text';
      pre.textContent = item.text;
      root.append(pre);
      return;
    }
    case 'number': {
      const b = block(root, 'number');
      const out = document.createElement('output');
      out.dataset.value = String(item.value);
      out.textContent = item.title ? `${item.title} = ${formatValue(item.value)}` : formatValue(item.value);
      out.title = String(item.value);
      b.append(out);
      return;
    }
    case 'heatmap': {
      const b = block(root, 'heatmap');
      const fig = document.createElement('div');
      b.append(fig);
      heatmap(
        fig,
        {
          rows: item.rows,
          cols: item.cols,
          values: item.values,
          rowLabels: item.rowLabels,
          colLabels: item.colLabels,
        },
        { title: item.title, width, tableLimit: 24 },
      );
      return;
    }
    case 'bars': {
      const b = block(root, 'bars');
      const fig = document.createElement('div');
      b.append(fig);
      bars(fig, item.labels, item.values, { title: item.title, width, percent: item.percent });
      const m: Matrix = {
        rows: 1,
        cols: item.values.length,
        values: Float32Array.from(item.values),
        colLabels: item.labels,
      };
      exportToolbar(b, name, () => ({
        matrix: m,
        json: { title: item.title, labels: item.labels, values: item.values },
      }));
      return;
    }
    case 'tokens': {
      const b = block(root, 'tokens', item.title);
      if (item.steps) {
        const merges = document.createElement('div');
        b.append(merges);
        mergeSteps(merges, item.steps.pretokens);
      }
      const strip = document.createElement('div');
      b.append(strip);
      const sot = item.ids[0]!;
      const eot = item.ids[item.ids.length - 1]!;
      tokenStrip(strip, {
        tokens: tokenCells(item.ids, item.tokens, sot, eot),
        contextLength: item.contextLength,
        truncated: item.ids.length > item.contextLength,
      });
      return;
    }
    case 'image': {
      const b = block(root, 'image', item.title);
      const img = document.createElement('img');
      img.src = pngHref(rgbToRgba(item.rgb, item.width, item.height), item.width, item.height);
      img.alt = item.title;
      img.width = Math.max(64, Math.min(224, item.width * 2));
      img.className = 'cell-img';
      b.append(img);
      return;
    }
    case 'table': {
      table(block(root, 'table'), item.columns, item.rows, item.title);
      return;
    }
  }
}

export function drawError(root: HTMLElement, message: string, where: string | null): void {
  const b = block(root, 'error');
  b.setAttribute('role', 'alert');
  if (where) {
    const at = document.createElement('p');
    at.className = 'cell-error-at';
    at.dataset.cellErrorAt = where;
    at.textContent = where;
    b.append(at);
  }
  const pre = document.createElement('pre');
  pre.className = 'cell-error-message';
  pre.textContent = message;
  b.append(pre);
}
