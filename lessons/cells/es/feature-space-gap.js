// Imágenes y textos en un mismo espacio: todos los cosenos entre ellos y la brecha entre las dos nubes.
const images = [0, 1, 2, 3, 6, 11]; // los pares de la figura: cada imagen con su texto de la galería
const texts = images.map((k) => gallery[k].caption);
const unit = (x) => x.div(x.norm('euclidean', 1, true));
const u = unit(encodeImage(images)); // [N, E], los puntos de las imágenes en la esfera unidad
const v = unit(encodeText(texts)); // [N, E], los puntos de los textos
const points = tf.concat([u, v]); // [2N, E]
const names = [...images.map((k) => `imagen ${k}`), ...texts];
const cosines = points.matMul(points.transpose());
show(cosines, { title: 'coseno entre todos los puntos', rowLabels: names, colLabels: names });
// La brecha de modalidad: la distancia entre los centros de las nubes, junto a la de cada par.
show(u.mean(0).sub(v.mean(0)).norm().dataSync()[0], { title: 'distancia entre los dos centros' });
const pairs = Array.from(u.sub(v).norm('euclidean', 1).dataSync());
show(pairs, { title: 'distancia de cada par', labels: texts });
