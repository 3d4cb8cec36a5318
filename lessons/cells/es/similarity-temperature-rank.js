// Ordena la galería por una descripción: coseno de las características normalizadas, la mejor primero.
const caption = 'a photo of a red circle'; // el modelo lee inglés
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
  { title: `coseno con «${caption}»`, labels: ranked.map((r) => gallery[r.k].caption), as: 'bars' },
);
// Los logits son los mismos cosenos por la escala aprendida 1/τ: el mismo orden, más separados.
const scale = trace['logit_scale.exp'].data[0];
show(
  ranked
    .slice(0, 5)
    .map((r) => ({ imagen: gallery[r.k].caption, coseno: r.cosine, logit: r.cosine * scale })),
  { title: `las 5 primeras, escala 1/τ = ${scale.toFixed(2)}` },
);
