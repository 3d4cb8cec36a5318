// `clip tokenize [--truncate] [--context N] TEXT...`: the ids (SOT..EOT, unpadded) and BPE strings.
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
  const padded = tokenizer.tokenize(positionals, { contextLength, truncate: values.truncate });
  const out = positionals.map((text, i) => {
    const row = Array.from(padded[i]!);
    const end = row.indexOf(tokenizer.eot) + 1;
    const ids = row.slice(0, end);
    return { text, ids, tokens: tokenizer.tokensOf(ids) };
  });
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
