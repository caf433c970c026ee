'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ComponentProps } from 'react';

/**
 * A Link that prefetches its route when the visitor shows intent (pointer over it, keyboard focus,
 * a touch starting) instead of whenever it scrolls into view. Next's viewport prefetch fetches and
 * parses a payload for every visible link right after load (the nav alone is eight requests on
 * every page, a decision log a few dozen more), competing with the page's own first work; intent
 * still gives the route a head start of a hover or a touch before the click.
 */
export function IntentLink({ href, onMouseEnter, onFocus, onTouchStart, ...rest }: ComponentProps<typeof Link>) {
  const router = useRouter();
  const target = typeof href === 'string' ? href : null;
  const prefetch = () => {
    if (target) router.prefetch(target);
  };
  return (
    <Link
      {...rest}
      href={href}
      prefetch={false}
      onMouseEnter={(e) => {
        prefetch();
        onMouseEnter?.(e);
      }}
      onFocus={(e) => {
        prefetch();
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        prefetch();
        onTouchStart?.(e);
      }}
    />
  );
}
