// Look up one row of the token table per token, and check that the same id always gets the same row.
const text = 'a red circle above a blue square';
const { trace, texts } = forward({ texts: [text], capture: ['token_embedding.out'] });
const e = trace['token_embedding.out']; // [1, n_ctx, width]
const { tokens } = texts[0]; // SOT … EOT
const rows = tf.tensor(e.data, e.shape).squeeze([0]).slice([0, 0], [tokens.length, e.shape[2]]);
show(rows, { title: 'one row per token', rowLabels: tokens });
// The word "a" appears twice: both positions look up the same row.
const [first, second] = tokens.flatMap((t, i) => (t === 'a</w>' ? [i] : []));
const gap = rows
  .gather([first])
  .sub(rows.gather([second]))
  .abs()
  .max();
show(gap.dataSync()[0], { title: `largest difference between rows ${first} and ${second} ("a")` });
// A word the table has no row for falls on the shared row (with the tiny model; real CLIPs know both).
const { trace: t2 } = forward({ texts: ['zebra', 'giraffe'], capture: ['token_embedding.out'] });
const z = t2['token_embedding.out'];
const pair = tf.tensor(z.data, z.shape).slice([0, 1, 0], [2, 1, z.shape[2]]).squeeze([1]); // row 1 of each
show(pair.max(0).sub(pair.min(0)).max().dataSync()[0], { title: 'largest difference: "zebra" vs "giraffe"' });
