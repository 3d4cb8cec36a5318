import { useBackend } from '../src/node/backend';
import { loadTokenizer } from '../src/node/vocab';
import { Trainer } from '../src/train/trainer';
import { evaluateWorld } from '../src/train/evaluate';
import { pairBatch, worldTokenIds } from '../src/train/world-data';
import { makeBatch } from '../src/world';
import type { ClipConfig } from '../src/clip/config';
await useBackend('wasm');
const tok = await loadTokenizer();
const ids = worldTokenIds(tok);
const [res, vw, vl, tw, tl, bs, steps, lr] = process.argv.slice(2).map(Number) as number[];
const cfg: ClipConfig = { embed_dim: 64, image_resolution: res!, vision_layers: vl!, vision_width: vw!, vision_heads: 4, vision_patch_size: 8, context_length: 77, vocab_size: ids.length + 1, transformer_width: tw!, transformer_heads: 4, transformer_layers: tl!, token_ids: ids };
const tr = new Trainer(cfg, { seed: 1, schedule: { peak: lr!, warmup: Math.round(steps! * 0.05), total: steps! }, weightDecay: 0.1 });
const t0 = performance.now();
for (let s = 0; s < steps!; s++) {
  const b = makeBatch(1000 + s, bs!, { split: 'train', size: res });
  const r = tr.trainStep(pairBatch(tok, cfg, b.images, b.captions));
  if (s % 25 === 0 || s === steps! - 1) console.log(s, r.loss.toFixed(4), 'scale', r.logitScale.toFixed(2), 'lr', r.lr.toExponential(2), ((performance.now() - t0) / 1000).toFixed(0), 's');
}
console.log(JSON.stringify(evaluateWorld(tr.weights, cfg, tok, { n: 256 })), ((performance.now() - t0) / 1000).toFixed(0), 's');
