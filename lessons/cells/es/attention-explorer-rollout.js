// Una cabeza de la torre de imagen leída de una traza, y después el rollout por todas las capas.
const picture = 0;
const layer = model.config.vision_layers - 1; // la última capa
const head = 0;
const layers = Array.from({ length: model.config.vision_layers }, (_, l) => l);
const capture = layers.map((l) => `visual.transformer.resblocks.${l}.attn.probs`); // solo la atención
const { trace } = forward({ images: [picture], capture });
const probsOf = (l) => {
  const e = trace[`visual.transformer.resblocks.${l}.attn.probs`]; // [1, cabezas, n, n]
  return tf.tensor(e.data, e.shape).squeeze([0]); // [cabezas, n, n]
};
const n = probsOf(0).shape[1];
const g = Math.round(Math.sqrt(n - 1)); // parches por lado
const classRow = (a) => a.slice([0, 1], [1, n - 1]).reshape([g, g]); // token de clase → parches
const one = probsOf(layer).slice([head, 0, 0], [1, n, n]).squeeze([0]);
show(one, { title: `capa ${layer}, cabeza ${head}` });
show(classRow(one), { title: `token de clase → parches, capa ${layer}, cabeza ${head}` });
// Rollout: promedia las cabezas, suma la identidad del residuo, normaliza filas y multiplica capa tras capa.
let rollout = tf.eye(n);
for (const l of layers) {
  const a = probsOf(l).mean(0).add(tf.eye(n));
  rollout = a.div(a.sum(1, true)).matMul(rollout);
}
show(classRow(rollout), { title: 'rollout: token de clase → parches, todas las capas' });
show(gallery[picture], { title: gallery[picture].caption });
