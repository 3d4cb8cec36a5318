// What show draws for each kind of value.
show(Math.PI, { title: 'a number' });
show([0.1, 0.2, 0.7], { title: 'a short list that sums to 1: bars in percent', labels: ['a', 'b', 'c'] });
show([3, -1, 2], { title: 'a short list: bars' });
show(tf.randomNormal([6, 40]), { title: 'a 2-D tensor: heat map' });
show(tf.eye(3), { title: 'the same, forced to a table', as: 'table' });
show(tokenize('a small blue square'), { title: 'tokenize’s result: a token strip' });
show(gallery[4], { title: 'a gallery item: an image' });
show(
  gallery.slice(0, 3).map((g) => ({ index: g.index, caption: g.caption })),
  { title: 'an array of records: a table' },
);
// Attention, [N, H, n, n]: pick the item and the head.
const key = 'transformer.resblocks.0.attn.probs';
const { trace } = forward({ texts: ['a red circle'], capture: [key] });
show(trace[key], { item: 0, head: model.config.transformer_heads - 1, title: 'last head of layer 0' });
