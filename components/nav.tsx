import { IntentLink } from '@/components/intent-link';
import { WalletButton } from './wallet/lazy';

const links = [
  { href: '/', label: 'Dashboard' },
  { href: '/proposals', label: 'Proposals' },
  { href: '/treasury', label: 'Treasury' },
  { href: '/transparency', label: 'Transparency' },
  { href: '/simulate', label: 'Simulate' },
] as const;

export function Nav() {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
        <IntentLink href="/" className="text-lg font-semibold tracking-tight">
          Homeostat
        </IntentLink>
        <ul className="flex flex-wrap gap-3 text-sm">
          {links.map((l) => (
            <li key={l.href}>
              <IntentLink href={l.href} className="rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800">
                {l.label}
              </IntentLink>
            </li>
          ))}
        </ul>
        <div className="ml-auto flex min-h-8 items-center">
          <WalletButton />
        </div>
      </nav>
    </header>
  );
}
