// One attention head of the text tower, read from a forward trace: who each token reads.
const text = 'a big red circle at the top left';
const layer = 0; // 0 … model.config.transformer_layers − 1
const head = 0; // 0 … model.config.transformer_heads − 1
const key = `transformer.resblocks.${layer}.attn.probs`;
const { trace, texts } = forward({ texts: [text], capture: [key] });
const probs = tf.tensor(trace[key].data, trace[key].shape); // [1, heads, n_ctx, n_ctx]
const { tokens } = texts[0]; // SOT … EOT; the padding rows are left out
const n = tokens.length;
const grid = probs.slice([0, head, 0, 0], [1, 1, n, n]).reshape([n, n]);
show(grid, { title: `layer ${layer}, head ${head}`, rowLabels: tokens, colLabels: tokens });
// The causal mask: nothing above the diagonal, and each row still sums to 1.
const above = grid.sub(tf.linalg.bandPart(grid, -1, 0)).sum();
show(above.dataSync()[0], { title: 'weight above the diagonal' });
show(grid.sum(1), { title: 'sum of each row', labels: tokens, percent: false });
