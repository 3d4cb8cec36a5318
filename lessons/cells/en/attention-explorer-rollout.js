// One head of the image tower from a forward trace, then attention rollout through every layer.
const picture = 0;
const layer = model.config.vision_layers - 1; // the last layer
const head = 0;
const layers = Array.from({ length: model.config.vision_layers }, (_, l) => l);
const capture = layers.map((l) => `visual.transformer.resblocks.${l}.attn.probs`); // attention only
const { trace } = forward({ images: [picture], capture });
const probsOf = (l) => {
  const e = trace[`visual.transformer.resblocks.${l}.attn.probs`]; // [1, heads, n, n]
  return tf.tensor(e.data, e.shape).squeeze([0]); // [heads, n, n]
};
const n = probsOf(0).shape[1];
const g = Math.round(Math.sqrt(n - 1)); // patches per side
const classRow = (a) => a.slice([0, 1], [1, n - 1]).reshape([g, g]); // class token → patches
const one = probsOf(layer).slice([head, 0, 0], [1, n, n]).squeeze([0]);
show(one, { title: `layer ${layer}, head ${head}` });
show(classRow(one), { title: `class token → patches, layer ${layer}, head ${head}` });
// Rollout: average the heads, add the residual's identity, normalise rows, multiply layer after layer.
let rollout = tf.eye(n);
for (const l of layers) {
  const a = probsOf(l).mean(0).add(tf.eye(n));
  rollout = a.div(a.sum(1, true)).matMul(rollout);
}
show(classRow(rollout), { title: 'rollout: class token → patches, all layers' });
show(gallery[picture], { title: gallery[picture].caption });
