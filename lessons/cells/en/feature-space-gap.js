// Images and captions in one space: every cosine between them, and the gap between the two clouds.
const images = [0, 1, 2, 3, 6, 11]; // the figure's pairs: each picture with its gallery caption
const texts = images.map((k) => gallery[k].caption);
const unit = (x) => x.div(x.norm('euclidean', 1, true));
const u = unit(encodeImage(images)); // [N, E], image points on the unit sphere
const v = unit(encodeText(texts)); // [N, E], caption points
const points = tf.concat([u, v]); // [2N, E]
const names = [...images.map((k) => `image ${k}`), ...texts];
const cosines = points.matMul(points.transpose());
show(cosines, { title: 'cosine between all points', rowLabels: names, colLabels: names });
// The modality gap: the distance between the centres of the clouds, next to each pair's own distance.
show(u.mean(0).sub(v.mean(0)).norm().dataSync()[0], { title: 'distance between the two centres' });
const pairs = Array.from(u.sub(v).norm('euclidean', 1).dataSync());
show(pairs, { title: 'distance of each matching pair', labels: texts });
