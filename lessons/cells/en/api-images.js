// Images a program can pass: a gallery index, gallery[k], myImage (the Image button) and pageImages.
const images = [2, gallery[7], ...(myImage ? [myImage] : []), ...pageImages.slice(0, 2)];
console.log(
  `${gallery.length} gallery pictures, ${pageImages.length} page images, myImage: ${myImage ? 'yes' : 'no'}`,
);
const captions = ['a big yellow star', 'a big blue star', 'a red circle'];
const { trace, images: crops } = forward({ texts: captions, images, capture: ['logits_per_image'] });
for (const crop of crops) show(crop, { title: crop.label });
show(trace['logits_per_image'], {
  title: 'logits_per_image',
  rowLabels: crops.map((c) => c.label),
  colLabels: captions,
});
// encodeImage takes the same values, one or an array.
show(encodeImage(images).shape, { title: 'encodeImage(images).shape' });
