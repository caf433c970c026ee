'use client';

import { type ComponentProps, type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * A box whose children mount once it comes within `margin` of the viewport (and stay mounted);
 * until then it shows `fallback`. For costly below-the-fold content (charts): a visitor who never
 * scrolls to it never pays for it, and one who does finds it drawn by the time it is on screen.
 * Give the box its final size (a height class) so nothing moves when the children arrive.
 * `enabled={false}` mounts the children at once.
 */
export function WhenVisible({
  children,
  fallback = null,
  margin = '300px',
  enabled = true,
  ...box
}: ComponentProps<'div'> & { fallback?: ReactNode; margin?: string; enabled?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(!enabled);
  useEffect(() => {
    if (near) return;
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: `${margin} 0px` },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [near, margin]);
  return (
    <div ref={ref} {...box}>
      {near ? children : fallback}
    </div>
  );
}
