// One attention head of the image tower, read from a forward trace, and its class-token row on the grid.
const picture = 0;
const layer = 0; // 0 … model.config.vision_layers − 1
const head = 0; // 0 … number of vision heads − 1
const key = `visual.transformer.resblocks.${layer}.attn.probs`;
const { trace } = forward({ images: [picture], capture: [key] });
const probs = trace[key]; // [1, heads, 1 + g², 1 + g²]
show(probs, {
  head,
  title: `layer ${layer}, head ${head} of ${probs.shape[1]}: every token reads every token`,
});
// Row 0 is the class token asking the patches; drop its own column and lay it on the patch grid.
const n = probs.shape[2];
const g = Math.round(Math.sqrt(n - 1));
const cls = tf.tensor(probs.data, probs.shape).slice([0, head, 0, 1], [1, 1, 1, n - 1]);
show(cls.reshape([g, g]), { title: 'class token → patches, as a grid' });
show(gallery[picture], { title: gallery[picture].caption });
