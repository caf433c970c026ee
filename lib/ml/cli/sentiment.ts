// `sentiment --input posts.csv --output out.jsonl` — one line per input row, in order:
// {"label": "positive"|"negative"|"neutral", "score": P(positive) − P(negative)}.
// Posts pass lib/ml/sentiment/input.ts first: oversized, binary or broken text exits 2 naming
// the line; invisible characters are removed before scoring.
import { readTextFile } from '../../data/node';
import { parseTextCsv } from '../../data/sentiment';
import { DataError } from '../../errors';
import { modelFromMemory } from '../artifacts';
import { readCurrentArtifact } from '../artifacts-node';
import { checkPost } from '../sentiment/input';
import { classifyTexts } from '../sentiment/model';
import {
  AtomicLineWriter,
  type CliIo,
  cliExitCode,
  isMainModule,
  parseArgs,
  processIo,
  r8,
  required,
  setNodeBackend,
} from './common';

/** The command, in-process: returns the exit code (0 ok, 2 bad input, 1 bug). */
export const sentimentCli = (argv: string[], io: CliIo = processIo) =>
  cliExitCode(async () => {
    const args = parseArgs(argv, ['input', 'output', 'backend']);
    const input = required(args, 'input');
    const output = required(args, 'output');
    await setNodeBackend(args.values.get('backend'));
    const corpus = parseTextCsv(readTextFile(input), input);
    if (corpus.text.length === 0) throw new DataError('no data rows after the header', { file: input });
    // Every post passes the input guard before any is scored: a bad row fails the run, naming it.
    const scored = corpus.text.map((text, i) => {
      const check = checkPost(text);
      if (!check.ok) throw new DataError(check.rejection.message, { file: input, line: corpus.line[i] });
      return check.scored;
    });
    const artifact = readCurrentArtifact('sentiment');
    if (!artifact) throw new Error('no sentiment model in public/models; run `npm run train` first');
    const model = await modelFromMemory(artifact.modelJson, artifact.weights);
    const out = new AtomicLineWriter(output);
    try {
      for (let start = 0; start < corpus.text.length; start += 512) {
        for (const r of classifyTexts(model, scored.slice(start, start + 512))) {
          out.write(JSON.stringify({ label: r.label, score: r8(r.score) }));
        }
      }
      out.commit();
    } catch (e) {
      out.abort();
      throw e;
    } finally {
      model.dispose();
    }
  }, io);

if (isMainModule(import.meta.url)) process.exitCode = await sentimentCli(process.argv.slice(2));
