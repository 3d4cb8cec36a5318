// Normaliza a mano cada token de la secuencia de imagen, como hace ln_pre antes de su ganancia y su sesgo.
const picture = 0;
const { trace } = forward({ images: [picture], capture: ['visual.embeddings', 'visual.ln_pre.out'] });
const e = trace['visual.embeddings'];
const x = tf.tensor(e.data, e.shape).squeeze([0]); // [1 + g², D], primero el token de clase
const { mean, variance } = tf.moments(x, -1, true); // por token, sobre los D rasgos
const eps = model.config.layer_norm_eps ?? 1e-5;
const normalised = x.sub(mean).div(variance.add(eps).sqrt());
show(normalised, { title: 'cada fila a mano: media 0, varianza 1' });
show(trace['visual.ln_pre.out'], {
  title: 'visual.ln_pre.out: las mismas filas por la ganancia, más el sesgo',
});
// Nivel y dispersión de cada token antes y después: antes difieren, después no.
const after = tf.moments(normalised, -1);
show(tf.stack([mean.squeeze([1]), after.mean]), {
  title: 'media de cada token',
  rowLabels: ['antes', 'después'],
});
show(tf.stack([variance.squeeze([1]).sqrt(), after.variance.sqrt()]), {
  title: 'desviación típica de cada token',
  rowLabels: ['antes', 'después'],
});
