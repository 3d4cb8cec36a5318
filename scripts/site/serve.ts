// `npm start`: serve the built site from dist/ (run `npm run build` first).
// PORT (default 4321) and HOST (default 127.0.0.1; 0.0.0.0 to reach it from other machines) are read from
// the environment.
import { existsSync } from 'node:fs';
import { startStaticServer } from './static-server';

const dir = 'dist';
if (!existsSync(`${dir}/index.html`)) {
  console.error(`${dir}/index.html not found: run \`npm run build\` first.`);
  process.exit(1);
}

const { url } = await startStaticServer(
  dir,
  Number(process.env.PORT ?? 4321),
  process.env.HOST ?? '127.0.0.1',
);
console.log(`Inside CLIP: serving ${dir}/ at ${url}/`);
