// `sentiment --input posts.csv --output out.jsonl` — one line per input row, in order:
// {"label": "positive"|"negative"|"neutral", "score": P(positive) − P(negative)}.
import { readTextFile } from '../../data/node';
import { parseTextCsv } from '../../data/sentiment';
import { DataError } from '../../errors';
import { modelFromMemory } from '../artifacts';
import { readCurrentArtifact } from '../artifacts-node';
import { classifyTexts } from '../sentiment/model';
import { AtomicLineWriter, parseArgs, r8, required, runCli, setNodeBackend } from './common';

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2), ['input', 'output', 'backend']);
  const input = required(args, 'input');
  const output = required(args, 'output');
  await setNodeBackend(args.values.get('backend'));
  const corpus = parseTextCsv(readTextFile(input), input);
  if (corpus.text.length === 0) throw new DataError('no data rows after the header', { file: input });
  const artifact = readCurrentArtifact('sentiment');
  if (!artifact) throw new Error('no sentiment model in public/models; run `npm run train` first');
  const model = await modelFromMemory(artifact.modelJson, artifact.weights);
  const out = new AtomicLineWriter(output);
  try {
    for (let start = 0; start < corpus.text.length; start += 512) {
      for (const r of classifyTexts(model, corpus.text.slice(start, start + 512))) {
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
});
