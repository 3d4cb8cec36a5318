// Normalise each token of the image sequence by hand, as ln_pre does before its gain and bias.
const picture = 1;
const { trace } = forward({ images: [picture], capture: ['visual.embeddings', 'visual.ln_pre.out'] });
const e = trace['visual.embeddings'];
const x = tf.tensor(e.data, e.shape).squeeze([0]); // [1 + g², D], class token first
const { mean, variance } = tf.moments(x, -1, true); // per token, over the D features
const eps = model.config.layer_norm_eps ?? 1e-5;
const normalised = x.sub(mean).div(variance.add(eps).sqrt());
show(normalised, { title: 'each row by hand: mean 0, variance 1' });
show(trace['visual.ln_pre.out'], { title: 'visual.ln_pre.out: the same rows times gain, plus bias' });
// Level and spread of every token before and after: they differ before, not after.
const after = tf.moments(normalised, -1);
show(tf.stack([mean.squeeze([1]), after.mean]), {
  title: 'mean of each token',
  rowLabels: ['before', 'after'],
});
show(tf.stack([variance.squeeze([1]).sqrt(), after.variance.sqrt()]), {
  title: 'standard deviation of each token',
  rowLabels: ['before', 'after'],
});
