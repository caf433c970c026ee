import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '@/components/proposals/ui';

const E18 = 10n ** 18n;

describe('a vote progress bar states its unit', () => {
  it('names HOME beside the votes and the threshold, on screen and for screen readers', () => {
    const html = renderToStaticMarkup(
      createElement(ProgressBar, {
        label: 'Quorum (approve + abstain)',
        tone: 'quorum',
        testId: 'quorum',
        progress: { value: 20_000_000n * E18, threshold: 80_000_000n * E18, share: 0.25, reached: false },
      }),
    );
    expect(html).toMatch(/20,000,000(\.00)? of 80,000,000(\.00)? HOME \(25%\)/);
    expect(html).toMatch(/aria-valuetext="20,000,000(\.00)? of 80,000,000(\.00)? HOME \(25%\)"/);
  });

  it('says HOME while the threshold is unknown', () => {
    const html = renderToStaticMarkup(
      createElement(ProgressBar, {
        label: 'Veto',
        tone: 'veto',
        progress: { value: 5n * E18, threshold: null, share: null, reached: false },
      }),
    );
    expect(html).toContain('HOME voted; threshold fixed at the snapshot');
  });
});
