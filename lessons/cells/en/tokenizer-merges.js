// Tokenize a caption of your own and watch BPE merge its symbols, step by step.
const caption = 'A big red circle, at the top-left!';
const t = tokenize(caption);
show(t, { as: 'merges', title: caption });
console.log(`${t.ids.length} ids, SOT and EOT included:`, t.ids);
