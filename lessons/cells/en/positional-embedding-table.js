// Recover the learned positional table: what the embedding adds on top of the token rows.
const text = 'a red circle above a blue square';
const capture = ['token_embedding.out', 'text.embeddings'];
const { trace, texts } = forward({ texts: [text], capture });
const tensor = (key) => tf.tensor(trace[key].data, trace[key].shape).squeeze([0]); // [n_ctx, width]
const positions = tensor('text.embeddings').sub(tensor('token_embedding.out')); // one row per position
show(positions, { title: 'text.embeddings − token_embedding.out: the positional rows' });
// How alike are two positions' rows? Cosine between every pair of positions, SOT … EOT.
const n = texts[0].tokens.length;
const p = positions.slice([0, 0], [n, -1]);
const unit = p.div(p.norm('euclidean', 1, true));
show(unit.matMul(unit.transpose()), {
  title: 'cosine between positional rows',
  rowLabels: texts[0].tokens,
  colLabels: texts[0].tokens,
});
