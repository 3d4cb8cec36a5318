// Cut a gallery picture into patches by hand and find one patch's vector in visual.patches.
const picture = gallery[0];
const P = model.config.vision_patch_size;
const g = Math.floor(picture.size / P); // patches per side
show(picture, { title: `${picture.caption}: ${g} × ${g} patches of ${P} × ${P} pixels` });
// Patch (r, j) is token r·g + j: copy its pixels out of the picture (RGB, row by row).
const r = 0;
const j = 0;
const rgb = new Uint8Array(P * P * 3);
for (let y = 0; y < P; y++) {
  const from = ((r * P + y) * picture.size + j * P) * 3;
  rgb.set(picture.rgb.subarray(from, from + P * 3), y * P * 3);
}
show({ rgb, size: P }, { title: `patch (${r}, ${j}), token ${r * g + j}` });
const { trace } = forward({ images: [picture], capture: ['visual.patches'] });
const patches = trace['visual.patches']; // [1, g², D]
show(patches, { title: 'visual.patches: one row per patch' });
const row = tf
  .tensor(patches.data, patches.shape)
  .squeeze([0])
  .gather([r * g + j]);
show(row, { title: `the vector conv1 computes for patch (${r}, ${j})` });
