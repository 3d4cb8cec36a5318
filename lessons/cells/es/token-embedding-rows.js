// Busca una fila de la tabla de tokens por token y comprueba que el mismo id recibe siempre la misma fila.
const text = 'a red circle above a blue square';
const { trace, texts } = forward({ texts: [text], capture: ['token_embedding.out'] });
const e = trace['token_embedding.out']; // [1, n_ctx, ancho]
const { tokens } = texts[0]; // SOT … EOT
const rows = tf.tensor(e.data, e.shape).squeeze([0]).slice([0, 0], [tokens.length, e.shape[2]]);
show(rows, { title: 'una fila por token', rowLabels: tokens });
// La palabra «a» aparece dos veces: las dos posiciones leen la misma fila.
const [first, second] = tokens.flatMap((t, i) => (t === 'a</w>' ? [i] : []));
const gap = rows
  .gather([first])
  .sub(rows.gather([second]))
  .abs()
  .max();
show(gap.dataSync()[0], { title: `mayor diferencia entre las filas ${first} y ${second} («a»)` });
// Una palabra sin fila propia cae en la fila compartida (modelo pequeño; los CLIP reales conocen ambas).
const { trace: t2 } = forward({ texts: ['zebra', 'giraffe'], capture: ['token_embedding.out'] });
const z = t2['token_embedding.out'];
const pair = tf.tensor(z.data, z.shape).slice([0, 1, 0], [2, 1, z.shape[2]]).squeeze([1]); // fila 1
show(pair.max(0).sub(pair.min(0)).max().dataSync()[0], {
  title: 'mayor diferencia: «zebra» frente a «giraffe»',
});
