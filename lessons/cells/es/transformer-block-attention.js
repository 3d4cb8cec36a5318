// Una cabeza de atención de la torre de texto, leída de una traza: a quién lee cada token.
const text = 'a big red circle at the top left';
const layer = 0; // 0 … model.config.transformer_layers − 1
const head = 0; // 0 … model.config.transformer_heads − 1
const key = `transformer.resblocks.${layer}.attn.probs`;
const { trace, texts } = forward({ texts: [text], capture: [key] });
const probs = tf.tensor(trace[key].data, trace[key].shape); // [1, cabezas, n_ctx, n_ctx]
const { tokens } = texts[0]; // SOT … EOT; sin las filas de relleno
const n = tokens.length;
const grid = probs.slice([0, head, 0, 0], [1, 1, n, n]).reshape([n, n]);
show(grid, { title: `capa ${layer}, cabeza ${head}`, rowLabels: tokens, colLabels: tokens });
// La máscara causal: nada por encima de la diagonal, y cada fila sigue sumando 1.
const above = grid.sub(tf.linalg.bandPart(grid, -1, 0)).sum();
show(above.dataSync()[0], { title: 'peso por encima de la diagonal' });
show(grid.sum(1), { title: 'suma de cada fila', labels: tokens, percent: false });
