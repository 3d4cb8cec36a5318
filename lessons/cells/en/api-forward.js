// A forward pass with capture: the stages it records and their shapes.
const { trace, texts, images } = forward({
  texts: ['a big red circle at the top left', 'a small blue square in the center'],
  images: [0, 1],
  capture: ['text.', 'image.', 'logits_per_image'],
});
show(
  Object.entries(trace).map(([key, entry]) => ({ key, shape: `[${entry.shape.join(', ')}]` })),
  { title: 'captured trace keys' },
);
show(texts[1], { title: 'texts[1]: its tokens' });
show(images[0], { title: 'images[0]: the model’s input crop' });
show(trace['logits_per_image'], { title: 'logits_per_image', rowLabels: ['image 0', 'image 1'] });
// A trace entry becomes a tensor with its data and shape.
const f = trace['text.features'];
const features = tf.tensor(f.data, f.shape);
console.log(
  'text.features',
  features.shape,
  'length of each row',
  Array.from(features.norm('euclidean', 1).dataSync()),
);
