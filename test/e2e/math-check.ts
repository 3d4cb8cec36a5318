// Does every equation on a page render as KaTeX intends? Checked in the page against what KaTeX's own MathML
// copy says the formula holds, so the check does not depend on KaTeX's class names (the bug it guards
// against is HTML from one KaTeX styled by another KaTeX's CSS):
// - a formula with a sub- or superscript draws some glyph at 0.45–0.8 of the formula's size (KaTeX: 0.7,
//   0.5 for a script's script);
// - no display equation is cut: its glyphs lie inside its box, and at this viewport it needs no sideways
//   scroll;
// - an overline draws a visible line above its base;
// - a ≠ built from a slash and an equals sign draws the slash over the sign, not beside it.
import type { Page } from 'playwright-core';

/** One line per formula that renders wrongly: the problem and the formula's TeX. */
export async function mathProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const leaves = (root: Element): Element[] =>
      [...root.querySelectorAll('*')].filter((el) =>
        [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''),
      );
    const visible = (r: DOMRect) => r.width > 0 && r.height > 0;
    const glyphs = (root: Element) =>
      leaves(root).filter((el) => visible(el.getBoundingClientRect()) && el.textContent!.trim() !== '\u200b');

    for (const katex of document.querySelectorAll('.katex')) {
      const mathml = katex.querySelector('math');
      const html = katex.querySelector('.katex-html');
      if (!mathml || !html) continue;
      const tex = mathml.querySelector('annotation')?.textContent ?? '?';
      const fail = (what: string) => problems.push(`${what}: ${tex}`);
      const size = parseFloat(getComputedStyle(katex).fontSize);

      if (mathml.querySelector('msub, msup, msubsup')) {
        const ratios = glyphs(html).map((el) => parseFloat(getComputedStyle(el).fontSize) / size);
        const smallest = Math.min(...ratios);
        if (!(smallest >= 0.45 && smallest <= 0.8)) {
          fail(`scripts drawn at ${smallest.toFixed(2)} of the base size`);
        }
      }

      const marks = [...mathml.querySelectorAll('mo')].map((mo) => mo.textContent);
      if (marks.includes('\u203e')) {
        const line = [...html.querySelectorAll('*')].some((el) => {
          const style = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          return (
            style.borderBottomStyle === 'solid' && parseFloat(style.borderBottomWidth) > 0 && r.width > 0
          );
        });
        if (!line) fail('overline not drawn');
      }

      if (marks.includes('\u2260')) {
        const all = glyphs(html);
        const single = all.some((el) => el.textContent!.includes('\u2260'));
        const slashes = all.filter((el) => el.textContent === '\ue020');
        const overlaid = slashes.every((slash) => {
          const equals = all.slice(all.indexOf(slash) + 1).find((el) => el.textContent === '=');
          if (!equals) return false;
          const a = slash.getBoundingClientRect();
          const b = equals.getBoundingClientRect();
          const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          return overlap >= b.width / 2;
        });
        if (!single && (slashes.length === 0 || !overlaid)) fail('≠ drawn as two signs side by side');
      }

      const display = katex.closest('.katex-display');
      if (display) {
        const box = display.getBoundingClientRect();
        const cut = glyphs(html).some((el) => {
          const r = el.getBoundingClientRect();
          return r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
        });
        if (cut) fail('display equation cut at its top or bottom');
        if (display.scrollWidth > display.clientWidth + 1) {
          fail(`display equation ${display.scrollWidth} px wide in a ${display.clientWidth} px box`);
        }
      }
    }
    return problems;
  });
}
