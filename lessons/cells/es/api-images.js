// Imágenes que un programa puede pasar: un índice, gallery[k], myImage (botón Imagen) y pageImages.
const images = [2, gallery[7], ...(myImage ? [myImage] : []), ...pageImages.slice(0, 2)];
console.log(
  `${gallery.length} en la galería, ${pageImages.length} en la página, myImage: ${myImage ? 'sí' : 'no'}`,
);
const captions = ['a big yellow star', 'a big blue star', 'a red circle']; // el modelo lee inglés
const { trace, images: crops } = forward({ texts: captions, images, capture: ['logits_per_image'] });
for (const crop of crops) show(crop, { title: crop.label });
show(trace['logits_per_image'], {
  title: 'logits_per_image',
  rowLabels: crops.map((c) => c.label),
  colLabels: captions,
});
// encodeImage acepta los mismos valores, uno o un array.
show(encodeImage(images).shape, { title: 'encodeImage(images).shape' });
