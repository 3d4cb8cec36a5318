// Una pasada hacia delante con capture: las etapas que registra y sus formas.
const { trace, texts, images } = forward({
  texts: ['a big red circle at the top left', 'a small blue square in the center'],
  images: [0, 1],
  capture: ['text.', 'image.', 'logits_per_image'],
});
show(
  Object.entries(trace).map(([key, entry]) => ({ clave: key, forma: `[${entry.shape.join(', ')}]` })),
  { title: 'claves capturadas de la traza' },
);
show(texts[1], { title: 'texts[1]: sus tokens' });
show(images[0], { title: 'images[0]: el recorte que recibe el modelo' });
show(trace['logits_per_image'], { title: 'logits_per_image', rowLabels: ['imagen 0', 'imagen 1'] });
// Una entrada de la traza se convierte en tensor con sus datos y su forma.
const f = trace['text.features'];
const features = tf.tensor(f.data, f.shape);
console.log(
  'text.features',
  features.shape,
  'longitud de cada fila',
  Array.from(features.norm('euclidean', 1).dataSync()),
);
