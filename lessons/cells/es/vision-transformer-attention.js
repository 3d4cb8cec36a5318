// Una cabeza de la torre de imagen, leída de una traza, y la fila del token de clase en la cuadrícula.
const picture = 0;
const layer = 0; // 0 … model.config.vision_layers − 1
const head = 0; // 0 … número de cabezas de visión − 1
const key = `visual.transformer.resblocks.${layer}.attn.probs`;
const { trace } = forward({ images: [picture], capture: [key] });
const probs = trace[key]; // [1, cabezas, 1 + g², 1 + g²]
show(probs, { head, title: `capa ${layer}, cabeza ${head} de ${probs.shape[1]}: cada token lee a todos` });
// La fila 0 es el token de clase preguntando a los parches; sin su propia columna, en la cuadrícula.
const n = probs.shape[2];
const g = Math.round(Math.sqrt(n - 1));
const cls = tf.tensor(probs.data, probs.shape).slice([0, head, 0, 1], [1, 1, 1, n - 1]);
show(cls.reshape([g, g]), { title: 'token de clase → parches, en cuadrícula' });
show(gallery[picture], { title: gallery[picture].caption });
