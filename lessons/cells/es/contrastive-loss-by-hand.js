// La entropía cruzada simétrica a mano, sobre los mismos pares que la figura de arriba.
const texts = [
  'a big red circle at the top left',
  'a small blue square in the center',
  'a big yellow star at the bottom right',
  'a big purple cross in the center',
];
const { trace } = forward({ texts, images: [0, 1, 2, 6], capture: ['logits_per_image'] });
const e = trace['logits_per_image']; // [N, N]: fila = imagen, columna = texto
const logits = tf.tensor2d(e.data, e.shape);
const n = e.shape[0];
const targets = tf.oneHot(tf.range(0, n, 1, 'int32'), n); // el par i va con el par i
const crossEntropy = (s) => targets.mul(tf.logSoftmax(s)).sum(1).mean().neg().dataSync()[0];
const lossImage = crossEntropy(logits); // softmax sobre los textos de cada imagen (filas)
const lossText = crossEntropy(logits.transpose()); // softmax sobre las imágenes de cada texto (columnas)
show({ L_I: lossImage, L_T: lossText }, { title: 'las dos entropías cruzadas' });
show((lossImage + lossText) / 2, { title: 'pérdida a mano, con TF.js' });
// La pérdida de la figura: la misma media con números de JavaScript, −ln de la diagonal de cada softmax.
const rows = Array.from({ length: n }, (_, i) => Array.from(e.data.subarray(i * n, (i + 1) * n)));
const cols = rows.map((_, j) => rows.map((row) => row[j]));
const ce = (m) =>
  m.reduce((sum, r, i) => sum + Math.log(r.reduce((z, x) => z + Math.exp(x - r[i]), 0)), 0) / n;
show((ce(rows) + ce(cols)) / 2, { title: 'la pérdida de la figura' });
