// A short tour of the notebook: change anything and press Run.
const sizes = Object.entries(model.config).filter(([key]) => key !== 'token_ids');
show(Object.fromEntries([['name', model.name], ...sizes]), { title: 'the model in use' });
// The tokenizer's work, as a strip of tokens.
show(tokenize('a big red circle at the top left'), { title: 'tokenize' });
// Both encoders give one feature row per input: [N, embed_dim].
const t = encodeText(['a red circle', 'a blue square']);
const i = encodeImage([gallery[0], gallery[1]]);
console.log('text features', t.shape, 'image features', i.shape);
// A forward pass records every stage; capture picks the ones you need.
const { trace } = forward({
  texts: ['a red circle', 'a blue square'],
  images: [0, 1],
  capture: ['logits_per_image'],
});
show(trace['logits_per_image'], { title: 'logits_per_image', as: 'table' });
// Your own image, if you chose one with the Image button; else a picture of the gallery.
const seen = forward({ images: [myImage ?? gallery[2]], capture: ['image.features'] });
show(seen.images[0], { title: 'the model’s input crop' });
show(seen.trace['image.features'], { title: 'its feature vector' });
