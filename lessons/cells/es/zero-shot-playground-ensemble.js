// Conjunto de prompts a mano: normaliza cada plantilla, promedia por etiqueta y vuelve a normalizar.
const labels = ['red circle', 'blue square', 'yellow star', 'green square', 'purple cross'];
const templates = ['a photo of a {}', 'a {}', 'a drawing of a {}', 'there is a {}', '{}'];
const picture = 0;
const unit = (x) => x.div(x.norm('euclidean', -1, true));
const prompts = labels.flatMap((label) => templates.map((t) => t.replace('{}', label)));
const v = unit(encodeText(prompts)).reshape([labels.length, templates.length, -1]); // [etiq., plantillas, E]
const w = unit(v.mean(1)); // un vector clasificador por etiqueta
const u = unit(encodeImage([picture])); // [1, E]
const { trace } = forward({ images: [picture], texts: [prompts[0]], capture: ['logit_scale.exp'] });
const cosine = (classifier) => u.matMul(classifier.transpose()).squeeze(); // [etiquetas]
const single = v.slice([0, 0, 0], [-1, 1, -1]).squeeze([1]); // la primera plantilla sola
show(gallery[picture], { title: gallery[picture].caption });
const rowLabels = ['conjunto', `«${templates[0]}» sola`];
show(tf.stack([cosine(w), cosine(single)]), {
  title: 'coseno con cada etiqueta',
  rowLabels,
  colLabels: labels,
});
const scale = trace['logit_scale.exp'].data[0]; // 1/τ
show(cosine(w).mul(scale).softmax(), { title: 'p(etiqueta | imagen) con el conjunto', labels });
