// Encuentra la posición de EOT, toma su fila tras ln_final y proyéctala al espacio compartido.
const text = 'a big red circle at the top left';
const capture = ['text.tokens', 'ln_final.out', 'text.eot_index', 'text.pooled', 'text.features'];
const { trace, texts } = forward({ texts: [text], capture });
const ids = tf.tensor(trace['text.tokens'].data, trace['text.tokens'].shape).squeeze([0]);
const byArgmax = ids.argMax().dataSync()[0]; // EOT tiene el id más alto
show(trace['text.eot_index'].data[0], { title: 'text.eot_index' });
show(byArgmax, { title: 'argmax de los ids' });
show(texts[0], { title: 'los tokens: EOT es el último antes del relleno' });
// El vector agrupado es exactamente la fila de EOT de ln_final.out.
const z = trace['ln_final.out'];
const row = tf.tensor(z.data, z.shape).squeeze([0]).gather([byArgmax]); // [1, ancho]
const pooled = tf.tensor(trace['text.pooled'].data, trace['text.pooled'].shape);
show(row.sub(pooled).abs().max().dataSync()[0], { title: 'mayor |fila de EOT − text.pooled|' });
show(trace['text.pooled'], { title: 'text.pooled (ancho D)' });
show(trace['text.features'], { title: 'text.features = pooled × text_projection (E)' });
