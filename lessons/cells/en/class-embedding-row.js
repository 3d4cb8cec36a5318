// Row 0 of the image sequence is the class token: the same for every picture before the Transformer.
const pictures = [0, 5];
const { trace } = forward({ images: pictures, capture: ['visual.embeddings'] });
const e = trace['visual.embeddings']; // [pictures, 1 + g², D]
const x = tf.tensor(e.data, e.shape);
const row0 = x.slice([0, 0, 0], [-1, 1, -1]).squeeze([1]); // [pictures, D]
const rest = x.slice([0, 1, 0], [-1, -1, -1]); // the patch rows
const spread = (t) => t.max(0).sub(t.min(0)).max().dataSync()[0]; // largest change between pictures
show(spread(row0), { title: 'largest difference in row 0 between the two pictures' });
show(spread(rest), { title: 'largest difference in the patch rows' });
show(row0.slice([0, 0], [1, -1]), { title: 'row 0: x_class + its positional row' });
for (const k of pictures) show(gallery[k], { title: gallery[k].caption });
