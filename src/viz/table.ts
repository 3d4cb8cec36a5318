// The data-table alternative of a matrix figure: a <details> with a real <table> (headers, scope), cut to a
// readable size with a note saying so; the CSV download carries every value.
import type { Matrix } from './matrix';
import { valueAt } from './matrix';
import { formatValue } from './scales';
import { ensure } from './dom';
import { axisName, t } from './strings';

export function dataTable(root: Element, m: Matrix, caption: string, limit = 24): HTMLTableElement {
  const details = ensure(root, 'details', 'viz-table') as HTMLDetailsElement;
  const summary = ensure(details, 'summary', 'viz-table-summary');
  summary.textContent = t().table;
  const table = ensure(details, 'table', 'viz-table-grid') as HTMLTableElement;
  table.replaceChildren();
  const doc = root.ownerDocument!;
  const rows = Math.min(m.rows, limit);
  const cols = Math.min(m.cols, limit);
  const cap = doc.createElement('caption');
  const cut = rows < m.rows || cols < m.cols;
  cap.textContent = cut ? `${caption} (${t().tableCut(rows, m.rows, cols, m.cols)})` : caption;
  table.appendChild(cap);
  const head = doc.createElement('thead');
  const hr = doc.createElement('tr');
  const corner = doc.createElement('th');
  corner.setAttribute('scope', 'col');
  corner.textContent = axisName(m.rowName, '');
  hr.appendChild(corner);
  for (let c = 0; c < cols; c++) {
    const th = doc.createElement('th');
    th.setAttribute('scope', 'col');
    th.textContent = m.colLabels?.[c] ?? String(c);
    hr.appendChild(th);
  }
  head.appendChild(hr);
  table.appendChild(head);
  const body = doc.createElement('tbody');
  for (let r = 0; r < rows; r++) {
    const tr = doc.createElement('tr');
    const th = doc.createElement('th');
    th.setAttribute('scope', 'row');
    th.textContent = m.rowLabels?.[r] ?? String(r);
    tr.appendChild(th);
    for (let c = 0; c < cols; c++) {
      const td = doc.createElement('td');
      td.textContent = formatValue(valueAt(m, r, c));
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  return table;
}
