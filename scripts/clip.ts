// The command line: `npm run --silent clip -- <tokenize | preprocess | run> ...`.
// Output is JSON on stdout; any failure is one line on stderr and a non-zero exit.
import { evalWorldCommand } from './cli/eval-world';
import { runCommand } from './cli/run';
import { preprocessCommand } from './cli/preprocess';
import { tokenizeCommand } from './cli/tokenize';
import { UsageError, runMain } from './cli/errors';

const USAGE = `usage: clip <command> [options]
  tokenize [--truncate] [--context N] TEXT...
  preprocess IMAGE --size N --out FILE
  run --checkpoint FILE.safetensors|pytorch_model.bin [--config FILE.json] [--text T]... [--image PATH]... [--truncate] [--backend cpu|wasm]
                                 (--config: the project's form or a hub config.json as it is)
  run --model NAME ...           (a model under public/models/, e.g. tiny, instead of --checkpoint)
  eval-world [--model NAME] [--n N] [--seed S]`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  tokenize: tokenizeCommand,
  preprocess: preprocessCommand,
  run: runCommand,
  'eval-world': evalWorldCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const handler = COMMANDS[command];
  if (!handler)
    throw new UsageError(`unknown command "${command}" (expected tokenize, preprocess, run or eval-world)`);
  await handler(rest);
  return 0;
}

runMain('clip', () => main(process.argv.slice(2)));
