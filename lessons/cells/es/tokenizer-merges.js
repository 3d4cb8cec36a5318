// Tokeniza un pie de foto propio y mira cómo BPE fusiona sus símbolos, paso a paso.
const caption = 'A big red circle, at the top-left!';
const t = tokenize(caption);
show(t, { as: 'merges', title: caption });
console.log(`${t.ids.length} ids, con SOT y EOT:`, t.ids);
