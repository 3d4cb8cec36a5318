// Un breve recorrido por el cuaderno: cambia lo que quieras y pulsa Ejecutar.
const sizes = Object.entries(model.config).filter(([key]) => key !== 'token_ids');
show(Object.fromEntries([['name', model.name], ...sizes]), { title: 'el modelo en uso' });
// El trabajo del tokenizador, como una tira de tokens (el modelo lee inglés).
show(tokenize('a big red circle at the top left'), { title: 'tokenize' });
// Los dos codificadores dan una fila de características por entrada: [N, embed_dim].
const t = encodeText(['a red circle', 'a blue square']);
const i = encodeImage([gallery[0], gallery[1]]);
console.log('características de texto', t.shape, 'de imagen', i.shape);
// Una pasada hacia delante registra cada etapa; capture elige las que necesitas.
const { trace } = forward({
  texts: ['a red circle', 'a blue square'],
  images: [0, 1],
  capture: ['logits_per_image'],
});
show(trace['logits_per_image'], { title: 'logits_per_image', as: 'table' });
// Tu propia imagen, si elegiste una con el botón Imagen; si no, una imagen de la galería.
const seen = forward({ images: [myImage ?? gallery[2]], capture: ['image.features'] });
show(seen.images[0], { title: 'el recorte que recibe el modelo' });
show(seen.trace['image.features'], { title: 'su vector de características' });
