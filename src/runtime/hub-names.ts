// Hub models' names: one per repository, commit and stored precision, and never a folder on the site
// (they live only in the reader's Cache Storage).
import type { StoreDtype } from '../weights/shards';

export const HUB_PREFIX = 'hf--';
const DTYPE_NAMES: Record<StoreDtype, string> = { F32: 'fp32', F16: 'fp16', I8: 'int8' };

export const hubModelName = (repo: string, commit: string, dtype: StoreDtype): string =>
  `${HUB_PREFIX}${repo.replace('/', '--')}--${commit.slice(0, 12)}--${DTYPE_NAMES[dtype]}`;

export const isHubModel = (name: string): boolean => name.startsWith(HUB_PREFIX);

/** "hf--openai--clip-vit-base-patch32--0123456789ab--fp16" → "openai/clip-vit-base-patch32 (fp16)". */
export function hubModelLabel(name: string): string {
  const m = /^hf--([\w.-]+?)--([\w.-]+?)--([0-9a-z.-]+?)--(fp32|fp16|int8)$/.exec(name);
  return m ? `${m[1]}/${m[2]} (${m[4]})` : name;
}
