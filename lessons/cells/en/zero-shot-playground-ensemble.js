// Prompt ensembling by hand: normalise each template's feature, average per label, normalise again.
const labels = ['red circle', 'blue square', 'yellow star', 'green square', 'purple cross'];
const templates = ['a photo of a {}', 'a {}', 'a drawing of a {}', 'there is a {}', '{}'];
const picture = 0;
const unit = (x) => x.div(x.norm('euclidean', -1, true));
const prompts = labels.flatMap((label) => templates.map((t) => t.replace('{}', label)));
const v = unit(encodeText(prompts)).reshape([labels.length, templates.length, -1]); // [labels, templates, E]
const w = unit(v.mean(1)); // one classifier vector per label
const u = unit(encodeImage([picture])); // [1, E]
const { trace } = forward({ images: [picture], texts: [prompts[0]], capture: ['logit_scale.exp'] });
const cosine = (classifier) => u.matMul(classifier.transpose()).squeeze(); // [labels]
const single = v.slice([0, 0, 0], [-1, 1, -1]).squeeze([1]); // the first template alone
show(gallery[picture], { title: gallery[picture].caption });
const rowLabels = ['ensemble', `“${templates[0]}” alone`];
show(tf.stack([cosine(w), cosine(single)]), {
  title: 'cosine with each label',
  rowLabels,
  colLabels: labels,
});
const scale = trace['logit_scale.exp'].data[0]; // 1/τ
show(cosine(w).mul(scale).softmax(), { title: 'p(label | image) with the ensemble', labels });
