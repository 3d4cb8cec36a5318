// The symmetric cross-entropy by hand, on the same pairs as the figure above.
const texts = [
  'a big red circle at the top left',
  'a small blue square in the center',
  'a yellow star at the bottom right',
];
const { trace } = forward({ texts, images: [0, 1, 2], capture: ['logits_per_image'] });
const e = trace['logits_per_image']; // [N, N]: row = picture, column = caption
const logits = tf.tensor2d(e.data, e.shape);
const n = e.shape[0];
const targets = tf.oneHot(tf.range(0, n, 1, 'int32'), n); // pair i matches pair i
const crossEntropy = (s) => targets.mul(tf.logSoftmax(s)).sum(1).mean().neg().dataSync()[0];
const lossImage = crossEntropy(logits); // softmax over the captions of each picture (rows)
const lossText = crossEntropy(logits.transpose()); // softmax over the pictures of each caption (columns)
show({ L_I: lossImage, L_T: lossText }, { title: 'the two cross-entropies' });
show((lossImage + lossText) / 2, { title: 'loss by hand, with TF.js' });
// The figure's loss: the same mean in plain JavaScript numbers, −ln of each softmax's diagonal cell.
const rows = Array.from({ length: n }, (_, i) => Array.from(e.data.subarray(i * n, (i + 1) * n)));
const cols = rows.map((_, j) => rows.map((row) => row[j]));
const ce = (m) =>
  m.reduce((sum, r, i) => sum + Math.log(r.reduce((z, x) => z + Math.exp(x - r[i]), 0)), 0) / n;
show((ce(rows) + ce(cols)) / 2, { title: 'the figure’s loss' });
