// Rank the whole gallery by one caption: cosine of the normalised features, best first.
const caption = 'a photo of a red circle';
const { trace } = forward({
  texts: [caption],
  images: gallery,
  capture: ['text.features_normalized', 'image.features_normalized', 'logit_scale.exp'],
});
const feature = (key) => tf.tensor2d(trace[key].data, trace[key].shape);
const cosines = feature('image.features_normalized').matMul(feature('text.features_normalized').transpose());
const ranked = Array.from(cosines.dataSync(), (cosine, k) => ({ k, cosine })).sort(
  (a, b) => b.cosine - a.cosine,
);
show(
  ranked.map((r) => r.cosine),
  { title: `cosine with “${caption}”`, labels: ranked.map((r) => gallery[r.k].caption), as: 'bars' },
);
// The logits are the same cosines times the learned scale 1/τ: same order, larger gaps.
const scale = trace['logit_scale.exp'].data[0];
show(
  ranked
    .slice(0, 5)
    .map((r) => ({ picture: gallery[r.k].caption, cosine: r.cosine, logit: r.cosine * scale })),
  { title: `top 5, scale 1/τ = ${scale.toFixed(2)}` },
);
