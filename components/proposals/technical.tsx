import { glossaryFor } from '@/lib/governance/glossary';

/**
 * The agent's technical wording (parameter names, controller terms) behind a disclosure, with a
 * glossary of exactly the terms it uses. The plain-language reading comes first, elsewhere.
 * Text from the chain or the agent's log: rendered as text, never as HTML.
 */
export function TechnicalDetails({
  text,
  summary = 'The agent’s technical reasoning, with a glossary',
  testId,
  open = false,
}: {
  text: string;
  summary?: string;
  testId?: string;
  /** Opened from the start (a permalink to one decision shows everything about it). */
  open?: boolean;
}) {
  const terms = glossaryFor(text);
  return (
    <details className="text-sm" data-testid={testId} open={open}>
      <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">{summary}</summary>
      <p className="mt-1 whitespace-pre-wrap break-words [overflow-wrap:anywhere] text-slate-700 dark:text-slate-300">
        {text}
      </p>
      {terms.length ? (
        <dl className="mt-2 grid gap-x-3 gap-y-1 text-xs sm:grid-cols-[12rem_1fr]" data-testid="glossary">
          {terms.map((g) => (
            <div key={g.term} className="contents">
              <dt className="font-mono font-medium">{g.term}</dt>
              <dd className="text-slate-600 dark:text-slate-400">{g.meaning}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </details>
  );
}
