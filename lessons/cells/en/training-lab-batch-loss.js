// One contrastive loss on a batch of gallery pairs, and the gradients training would follow.
const batch = gallery.slice(0, 8);
const captions = batch.map((p) => p.caption);
const capture = ['image.features_normalized', 'text.features_normalized', 'logit_scale.exp'];
const { trace } = forward({ texts: captions, images: batch, capture });
const feature = (key) => tf.tensor2d(trace[key].data, trace[key].shape); // [N, E], unit rows
const cosines = feature('image.features_normalized').matMul(feature('text.features_normalized').transpose());
const n = batch.length;
const targets = tf.oneHot(tf.range(0, n, 1, 'int32'), n); // the true pairs sit on the diagonal
const ce = (s) => targets.mul(tf.logSoftmax(s)).sum(1).mean().neg();
const lossOf = (logits) => ce(logits).add(ce(logits.transpose())).div(2);
// The checkpoint learns t = ln(1/τ); the logits are e^t times the cosines.
const t = tf.scalar(Math.log(trace['logit_scale.exp'].data[0]));
const lossAt = (t) => lossOf(cosines.mul(t.exp()));
show(lossAt(t).dataSync()[0], { title: `loss on this batch of ${n} pairs` });
show(Math.log(n), { title: 'ln N: where an untrained model starts' });
// Automatic differentiation, as in training: ∂loss/∂t and ∂loss/∂logits (negative on the diagonal).
show(tf.grad(lossAt)(t).dataSync()[0], { title: '∂loss / ∂t' });
show(tf.grad(lossOf)(cosines.mul(t.exp())), {
  title: '∂loss / ∂logits',
  rowLabels: captions,
  colLabels: captions,
});
