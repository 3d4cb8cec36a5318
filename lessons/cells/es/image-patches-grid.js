// Corta a mano una imagen de la galería en parches y encuentra el vector de un parche en visual.patches.
const picture = gallery[0];
const P = model.config.vision_patch_size;
const g = Math.floor(picture.size / P); // parches por lado
show(picture, { title: `${picture.caption}: ${g} × ${g} parches de ${P} × ${P} píxeles` });
// El parche (r, j) es el token r·g + j: copia sus píxeles de la imagen (RGB, fila a fila).
const r = 0;
const j = 0;
const rgb = new Uint8Array(P * P * 3);
for (let y = 0; y < P; y++) {
  const from = ((r * P + y) * picture.size + j * P) * 3;
  rgb.set(picture.rgb.subarray(from, from + P * 3), y * P * 3);
}
show({ rgb, size: P }, { title: `parche (${r}, ${j}), token ${r * g + j}` });
const { trace } = forward({ images: [picture], capture: ['visual.patches'] });
const patches = trace['visual.patches']; // [1, g², D]
show(patches, { title: 'visual.patches: una fila por parche' });
const row = tf
  .tensor(patches.data, patches.shape)
  .squeeze([0])
  .gather([r * g + j]);
show(row, { title: `el vector que conv1 calcula para el parche (${r}, ${j})` });
