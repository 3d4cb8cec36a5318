// Find the EOT position, take its row after ln_final, and project it into the shared space.
const text = 'a big red circle at the top left';
const capture = ['text.tokens', 'ln_final.out', 'text.eot_index', 'text.pooled', 'text.features'];
const { trace, texts } = forward({ texts: [text], capture });
const ids = tf.tensor(trace['text.tokens'].data, trace['text.tokens'].shape).squeeze([0]);
const byArgmax = ids.argMax().dataSync()[0]; // EOT has the largest id
show(trace['text.eot_index'].data[0], { title: 'text.eot_index' });
show(byArgmax, { title: 'argmax of the ids' });
show(texts[0], { title: 'the tokens: EOT is the last one before the padding' });
// The pooled vector is exactly the EOT row of ln_final.out.
const z = trace['ln_final.out'];
const row = tf.tensor(z.data, z.shape).squeeze([0]).gather([byArgmax]); // [1, width]
const pooled = tf.tensor(trace['text.pooled'].data, trace['text.pooled'].shape);
show(row.sub(pooled).abs().max().dataSync()[0], { title: 'largest |EOT row − text.pooled|' });
show(trace['text.pooled'], { title: 'text.pooled (width D)' });
show(trace['text.features'], { title: 'text.features = pooled × text_projection (E)' });
