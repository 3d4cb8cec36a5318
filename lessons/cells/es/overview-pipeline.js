// Todo CLIP en pocas líneas: codificar, normalizar, comparar por coseno, escalar y aplicar softmax.
const prompts = [
  'a photo of a red circle',
  'a photo of a blue square',
  'a photo of a yellow star',
  'a photo of a white hexagon',
];
const pictures = [0, 1, 2];
const textFeatures = encodeText(prompts); // [prompts, E]
const imageFeatures = encodeImage(pictures); // [imágenes, E]
const unit = (x) => x.div(x.norm('euclidean', 1, true)); // cada fila a longitud 1
const cosines = unit(imageFeatures).matMul(unit(textFeatures).transpose()); // [imágenes, prompts]
// La escala aprendida 1/τ viene con cada pasada hacia delante.
const { trace } = forward({ texts: [prompts[0]], images: [0], capture: ['logit_scale.exp'] });
const scale = trace['logit_scale.exp'].data[0];
const probs = cosines.mul(scale).softmax(); // softmax sobre los prompts de cada imagen
const rowLabels = pictures.map((k) => gallery[k].caption);
show(cosines, { title: 'similitudes coseno', rowLabels, colLabels: prompts });
show(probs, { title: 'probabilidades zero-shot', rowLabels, colLabels: prompts });
