// The whole of CLIP in a few lines: encode, normalise, compare by cosine, scale, softmax.
const prompts = [
  'a photo of a red circle',
  'a photo of a blue square',
  'a photo of a yellow star',
  'a photo of a white hexagon',
];
const pictures = [0, 1, 2];
const textFeatures = encodeText(prompts); // [prompts, E]
const imageFeatures = encodeImage(pictures); // [pictures, E]
const unit = (x) => x.div(x.norm('euclidean', 1, true)); // each row to length 1
const cosines = unit(imageFeatures).matMul(unit(textFeatures).transpose()); // [pictures, prompts]
// The learned scale 1/τ comes with every forward pass.
const { trace } = forward({ texts: [prompts[0]], images: [0], capture: ['logit_scale.exp'] });
const scale = trace['logit_scale.exp'].data[0];
const probs = cosines.mul(scale).softmax(); // softmax over the prompts of each picture
const rowLabels = pictures.map((k) => gallery[k].caption);
show(cosines, { title: 'cosine similarities', rowLabels, colLabels: prompts });
show(probs, { title: 'zero-shot probabilities', rowLabels, colLabels: prompts });
