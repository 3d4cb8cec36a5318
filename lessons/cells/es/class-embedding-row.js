// La fila 0 de la secuencia de imagen es el token de clase: igual para toda imagen antes del transformer.
const pictures = [0, 5];
const { trace } = forward({ images: pictures, capture: ['visual.embeddings'] });
const e = trace['visual.embeddings']; // [imágenes, 1 + g², D]
const x = tf.tensor(e.data, e.shape);
const row0 = x.slice([0, 0, 0], [-1, 1, -1]).squeeze([1]); // [imágenes, D]
const rest = x.slice([0, 1, 0], [-1, -1, -1]); // las filas de los parches
const spread = (t) => t.max(0).sub(t.min(0)).max().dataSync()[0]; // mayor cambio entre imágenes
show(spread(row0), { title: 'mayor diferencia en la fila 0 entre las dos imágenes' });
show(spread(rest), { title: 'mayor diferencia en las filas de los parches' });
show(row0.slice([0, 0], [1, -1]), { title: 'fila 0: x_class + su fila posicional' });
for (const k of pictures) show(gallery[k], { title: gallery[k].caption });
