// Global setup of the e2e project: build the site once and serve it on a free port with
// scripts/site/static-server.ts; the tests get the base URL through `inject('baseUrl')`.
// Each run builds into its own folder, test-artifacts/site-<pid>/ (removed afterwards), so neither a
// `npm run build` nor another test run working in the same tree can pull pages away mid-run.
// E2E_SKIP_BUILD=1 serves the existing dist/ instead (build it first with `npm run build`).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from '../../scripts/site/static-server';
import { E2E_HUB } from '../helpers/hub-server';
import { artifactsDir, distDir, repoRoot } from './paths';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The built site's folder, which the server serves. */
    siteDir: string;
  }
}

async function buildSite(outDir: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  const logFile = path.join(artifactsDir, `build-${process.pid}.log`);
  const log = createWriteStream(logFile);
  const astro = path.join(repoRoot, 'node_modules/astro/bin/astro.mjs');
  const child = spawn(process.execPath, [astro, 'build', '--outDir', outDir], {
    cwd: repoRoot,
    // The stand-in hub of test/e2e/hub-load.test.ts, unless the run names another.
    env: { ...process.env, PUBLIC_HF_ENDPOINT: process.env.PUBLIC_HF_ENDPOINT ?? E2E_HUB },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise((resolve) => log.end(resolve));
  if (code !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`astro build failed (exit ${code}); full log in ${logFile}:\n${tail}`);
  }
  rmSync(logFile);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(path.join(distDir, 'index.html'))) {
    const { url, close } = await startStaticServer(distDir);
    project.provide('baseUrl', url);
    project.provide('siteDir', distDir);
    return close;
  }
  const outDir = path.join(artifactsDir, `site-${process.pid}`);
  await buildSite(outDir);
  const { url, close } = await startStaticServer(outDir);
  project.provide('baseUrl', url);
  project.provide('siteDir', outDir);
  return async () => {
    await close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
