// axe-core in the page: inject node_modules/axe-core/axe.min.js and return the serious and critical
// violations, each as one readable line (rule, impact, help, a few offending elements).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './paths';

const axeScript = path.join(repoRoot, 'node_modules/axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

declare global {
  interface Window {
    axe?: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> };
  }
}

export interface RuleChoice {
  /** Run only these rules. */
  only?: string[];
  /** Run every rule but these. */
  skip?: string[];
}

/** Serious or critical violations on the page as it is now, over all rules or a choice of them. */
export async function seriousViolations(page: Page, choice: RuleChoice = {}): Promise<string[]> {
  // Evaluated through the DevTools protocol: a <script> tag would be refused by the page's policy.
  if (!(await page.evaluate(() => Boolean(window.axe))))
    await page.evaluate(await readFile(axeScript, 'utf8'));
  const options = {
    ...(choice.only ? { runOnly: { type: 'rule', values: choice.only } } : {}),
    ...(choice.skip ? { rules: Object.fromEntries(choice.skip.map((id) => [id, { enabled: false }])) } : {}),
  };
  const violations = await page.evaluate(async (opts) => {
    const result = await window.axe!.run(document, { ...opts, resultTypes: ['violations'] });
    return result.violations;
  }, options);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const targets = v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target));
      return `${v.id} (${v.impact}): ${v.help} — ${targets.join(', ')}${v.nodes.length > 3 ? ', …' : ''}`;
    });
}
