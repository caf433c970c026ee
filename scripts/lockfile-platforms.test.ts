import { describe, expect, it } from 'vitest';
import { addMissingPlatformEntries, platformOf } from './lockfile-platforms';

describe('lockfile platform entries', () => {
  it('reads os, cpu and libc from a platform package name', () => {
    expect(platformOf('@biomejs/cli-darwin-arm64')).toEqual({ os: ['darwin'], cpu: ['arm64'] });
    expect(platformOf('@biomejs/cli-linux-x64-musl')).toEqual({ os: ['linux'], cpu: ['x64'], libc: ['musl'] });
    expect(platformOf('@foundry-rs/anvil-win32-amd64')).toEqual({ os: ['win32'], cpu: ['x64'] });
    expect(platformOf('@tailwindcss/oxide-wasm32-wasi')).toEqual({ cpu: ['wasm32'] });
    expect(platformOf('left-pad')).toBeUndefined();
  });

  it('adds only missing, exactly pinned platform packages', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/@biomejs/biome': {
          version: '2.6.8',
          optionalDependencies: {
            '@biomejs/cli-linux-x64': '2.6.8',
            '@biomejs/cli-darwin-arm64': '2.6.8',
            'some-lib': '^1.0.0',
          },
        },
        'node_modules/@biomejs/cli-linux-x64': { version: '2.6.8', optional: true },
      },
    };
    expect(addMissingPlatformEntries(lock)).toEqual(['@biomejs/cli-darwin-arm64@2.6.8']);
    expect(lock.packages).toHaveProperty(['node_modules/@biomejs/cli-darwin-arm64'], {
      version: '2.6.8',
      optional: true,
      os: ['darwin'],
      cpu: ['arm64'],
    });
  });
});
