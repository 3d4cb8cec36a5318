// Logits y las dos softmax a la temperatura τ que elijas, y la pérdida que dan.
const texts = ['a big circle', 'a small square', 'a big star', 'a big heart'];
const images = [0, 1, 2, 3];
const tau = 0.05; // prueba 0.01 o 1
const unit = (x) => x.div(x.norm('euclidean', 1, true));
const cosines = unit(encodeImage(images)).matMul(unit(encodeText(texts)).transpose()); // C, [N, N]
const logits = cosines.div(tau); // S = C / τ
const labels = { rowLabels: images.map((k) => gallery[k].caption), colLabels: texts };
show(logits, { title: `logits con τ = ${tau}`, ...labels });
show(logits.softmax(1), { title: 'P_fila: ¿qué texto para cada imagen?', ...labels });
const byColumn = logits.transpose().softmax(1).transpose(); // softmax de cada columna
show(byColumn, { title: 'P_col: ¿qué imagen para cada texto?', ...labels });
const n = texts.length;
const targets = tf.oneHot(tf.range(0, n, 1, 'int32'), n);
const ce = (s) => targets.mul(tf.logSoftmax(s)).sum(1).mean().neg().dataSync()[0];
show((ce(logits) + ce(logits.transpose())) / 2, { title: `pérdida con τ = ${tau}` });
show(Math.log(n), { title: 'ln N: la pérdida de un modelo que adivina' });
