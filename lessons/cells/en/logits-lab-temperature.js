// Logits and both softmaxes at a temperature τ of your choice, and the loss they give.
const texts = ['a big circle', 'a small square', 'a big star', 'a big heart'];
const images = [0, 1, 2, 3];
const tau = 0.05; // try 0.01 or 1
const unit = (x) => x.div(x.norm('euclidean', 1, true));
const cosines = unit(encodeImage(images)).matMul(unit(encodeText(texts)).transpose()); // C, [N, N]
const logits = cosines.div(tau); // S = C / τ
const labels = { rowLabels: images.map((k) => gallery[k].caption), colLabels: texts };
show(logits, { title: `logits at τ = ${tau}`, ...labels });
show(logits.softmax(1), { title: 'P_row: which caption for each picture?', ...labels });
show(logits.transpose().softmax(1).transpose(), {
  title: 'P_col: which picture for each caption?',
  ...labels,
});
const n = texts.length;
const targets = tf.oneHot(tf.range(0, n, 1, 'int32'), n);
const ce = (s) => targets.mul(tf.logSoftmax(s)).sum(1).mean().neg().dataSync()[0];
show((ce(logits) + ce(logits.transpose())) / 2, { title: `loss at τ = ${tau}` });
show(Math.log(n), { title: 'ln N: the loss of a model that guesses' });
