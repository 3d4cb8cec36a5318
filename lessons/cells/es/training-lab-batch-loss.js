// Una pérdida contrastiva sobre un lote de pares de la galería, y los gradientes del entrenamiento.
const batch = gallery.slice(0, 8);
const captions = batch.map((p) => p.caption);
const capture = ['image.features_normalized', 'text.features_normalized', 'logit_scale.exp'];
const { trace } = forward({ texts: captions, images: batch, capture });
const feature = (key) => tf.tensor2d(trace[key].data, trace[key].shape); // [N, E], filas unitarias
const cosines = feature('image.features_normalized').matMul(feature('text.features_normalized').transpose());
const n = batch.length;
const targets = tf.oneHot(tf.range(0, n, 1, 'int32'), n); // los pares correctos están en la diagonal
const ce = (s) => targets.mul(tf.logSoftmax(s)).sum(1).mean().neg();
const lossOf = (logits) => ce(logits).add(ce(logits.transpose())).div(2);
// El checkpoint aprende t = ln(1/τ); los logits son e^t por los cosenos.
const t = tf.scalar(Math.log(trace['logit_scale.exp'].data[0]));
const lossAt = (t) => lossOf(cosines.mul(t.exp()));
show(lossAt(t).dataSync()[0], { title: `pérdida en este lote de ${n} pares` });
show(Math.log(n), { title: 'ln N: donde empieza un modelo sin entrenar' });
// Diferenciación automática, como al entrenar: ∂pérdida/∂t y ∂pérdida/∂logits (negativo en la diagonal).
show(tf.grad(lossAt)(t).dataSync()[0], { title: '∂pérdida / ∂t' });
show(tf.grad(lossOf)(cosines.mul(t.exp())), {
  title: '∂pérdida / ∂logits',
  rowLabels: captions,
  colLabels: captions,
});
