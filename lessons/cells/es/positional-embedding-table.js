// Recupera la tabla posicional aprendida: lo que el embedding suma encima de las filas de los tokens.
const text = 'a big red circle at the top left';
const capture = ['token_embedding.out', 'text.embeddings'];
const { trace, texts } = forward({ texts: [text], capture });
const tensor = (key) => tf.tensor(trace[key].data, trace[key].shape).squeeze([0]); // [n_ctx, ancho]
const positions = tensor('text.embeddings').sub(tensor('token_embedding.out')); // una fila por posición
show(positions, { title: 'text.embeddings − token_embedding.out: las filas posicionales' });
// ¿Cuánto se parecen las filas de dos posiciones? Coseno entre cada par de posiciones, de SOT a EOT.
const n = texts[0].tokens.length;
const p = positions.slice([0, 0], [n, -1]);
const unit = p.div(p.norm('euclidean', 1, true));
show(unit.matMul(unit.transpose()), {
  title: 'coseno entre filas posicionales',
  rowLabels: texts[0].tokens,
  colLabels: texts[0].tokens,
});
