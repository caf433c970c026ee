import type { PolicyParameters, Strategy } from '../types';

/** Fixed parameters: proposes only to restore its configured values if the chain drifted from them. */
export function createStaticStrategy(params: PolicyParameters): Strategy {
  return {
    name: 'static',
    initialParams: () => ({ ...params }),
    run: ({ memory }) => ({
      targets: { ...params },
      rationale: 'Static policy: parameters are fixed by design.',
      memory: memory ?? {},
    }),
  };
}
