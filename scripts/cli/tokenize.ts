// `clip tokenize [--truncate] [--context N] TEXT...`: the ids (SOT to the EOT that closes the text,
// unpadded) and BPE strings.
import { parseArgs } from 'node:util';
import { loadTokenizer } from '../../src/node/vocab';
import { positiveInt, UsageError } from './errors';

export async function tokenizeCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { truncate: { type: 'boolean', default: false }, context: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('tokenize needs at least one TEXT');
  const contextLength = positiveInt(values.context, '--context', 77);
  if (contextLength < 2) throw new UsageError('--context must be at least 2 (room for SOT and EOT)');
  const tokenizer = await loadTokenizer();
  const out = positionals.map((text) => {
    const ids = tokenizer.unpadded(text, { contextLength, truncate: values.truncate });
    return { text, ids, tokens: tokenizer.tokensOf(ids) };
  });
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
