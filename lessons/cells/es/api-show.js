// Lo que show dibuja para cada tipo de valor.
show(Math.PI, { title: 'un número' });
show([0.1, 0.2, 0.7], { title: 'una lista corta que suma 1: barras en porcentaje', labels: ['a', 'b', 'c'] });
show([3, -1, 2], { title: 'una lista corta: barras' });
show(tf.randomNormal([6, 40]), { title: 'un tensor 2-D: mapa de calor' });
show(tf.eye(3), { title: 'lo mismo, forzado a tabla', as: 'table' });
show(tokenize('a small blue square'), { title: 'el resultado de tokenize: una tira de tokens' });
show(gallery[4], { title: 'un elemento de la galería: una imagen' });
show(
  gallery.slice(0, 3).map((g) => ({ index: g.index, caption: g.caption })),
  { title: 'un array de registros: una tabla' },
);
// Atención, [N, H, n, n]: elige el elemento y la cabeza.
const key = 'transformer.resblocks.0.attn.probs';
const { trace } = forward({ texts: ['a red circle'], capture: [key] });
show(trace[key], { item: 0, head: model.config.transformer_heads - 1, title: 'última cabeza de la capa 0' });
