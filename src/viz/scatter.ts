// The training lab's feature-space view: probe images (discs) and colour × shape prompts (diamonds) placed
// by a 2-D PCA of their normalised features, each in its object's colour (the world's), so clusters by
// colour (and later by shape) show as training goes. A values table stands in for the picture for screen
// readers.
import { scaleLinear, select, symbol, symbolDiamond } from 'd3';
import { COLOUR_RGB, type Colour } from '../world';
import { emptySvg } from './line-chart';

export interface ScatterPoint {
  x: number;
  y: number;
  colour: Colour;
  label: string;
  kind: 'image' | 'text';
}

const S = 300;
const PAD = 12;

export function scatter(
  root: HTMLElement,
  points: readonly ScatterPoint[],
  o: { title: string; help: string; tableSummary: string },
): void {
  root.classList.add('viz', 'tl-scatter');
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const reach = Math.max(1e-6, ...xs.map(Math.abs), ...ys.map(Math.abs));
  const x = scaleLinear()
    .domain([-reach, reach])
    .range([PAD, S - PAD]);
  const y = scaleLinear()
    .domain([-reach, reach])
    .range([S - PAD, PAD]);
  const svg = select(emptySvg(root, S, S, `${o.title}. ${o.help}`));
  svg
    .append('g')
    .attr('class', 'tl-cross')
    .selectAll('line')
    .data([
      [x(0), PAD, x(0), S - PAD],
      [PAD, y(0), S - PAD, y(0)],
    ])
    .join('line')
    .attr('x1', (d) => d[0]!)
    .attr('y1', (d) => d[1]!)
    .attr('x2', (d) => d[2]!)
    .attr('y2', (d) => d[3]!);
  const fill = (p: ScatterPoint): string => `rgb(${COLOUR_RGB[p.colour].join(',')})`;
  const diamond = symbol(symbolDiamond, 60)() ?? '';
  svg
    .append('g')
    .selectAll('path')
    .data(points)
    .join('path')
    .attr('class', (p) => `tl-point tl-point-${p.kind}`)
    .attr('d', (p) => (p.kind === 'text' ? diamond : symbol().size(40)()!))
    .attr('transform', (p) => `translate(${x(p.x)},${y(p.y)})`)
    .attr('fill', (p) => (p.kind === 'image' ? fill(p) : 'none'))
    .attr('stroke', (p) => (p.kind === 'text' ? fill(p) : 'currentColor'))
    .append('title')
    .text((p) => p.label);

  let details = root.querySelector<HTMLDetailsElement>(':scope > details');
  if (!details) {
    details = document.createElement('details');
    details.className = 'viz-table';
    const summary = document.createElement('summary');
    summary.textContent = o.tableSummary;
    details.append(summary, document.createElement('table'));
    root.append(details);
  }
  const table = details.querySelector('table')!;
  table.replaceChildren();
  table.createCaption().textContent = o.title;
  const body = table.createTBody();
  for (const p of points) {
    const row = body.insertRow();
    row.insertCell().textContent = p.label;
    row.insertCell().textContent = p.x.toFixed(3);
    row.insertCell().textContent = p.y.toFixed(3);
  }
}
