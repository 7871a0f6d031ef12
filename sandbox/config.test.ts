import { describe, expect, it } from 'vitest';
import { sandboxConfig, sandboxOrigins, sandboxTmsOrigins } from './config';

describe('sandbox config', () => {
  it('puts the Legacy, Grid and Frames TMSs on 4413-4416 next to the demo world by default', () => {
    const config = sandboxConfig({});
    expect(sandboxOrigins(config)).toEqual({ tms: 'http://127.0.0.1:4410', lexware: 'http://127.0.0.1:4411', sevdesk: 'http://127.0.0.1:4412' });
    expect(sandboxTmsOrigins(config)).toEqual({
      legacy: 'http://127.0.0.1:4413',
      grid: 'http://127.0.0.1:4414',
      frames: 'http://127.0.0.1:4415',
      framesDetail: 'http://127.0.0.1:4416',
    });
    expect(config.mutate).toBeNull();
  });

  it('moves each server with its own variable and names a bad value', () => {
    const config = sandboxConfig({
      SANDBOX_LEGACY_PORT: '4463',
      SANDBOX_GRID_PORT: '4464',
      SANDBOX_FRAMES_PORT: '4465',
      SANDBOX_FRAMES_DETAIL_PORT: '4466',
      SANDBOX_FRAMES_DETAIL_HOST: 'detail.kombi.localhost',
      SANDBOX_MUTATE: '7',
    });
    expect(sandboxTmsOrigins(config)).toEqual({
      legacy: 'http://127.0.0.1:4463',
      grid: 'http://127.0.0.1:4464',
      frames: 'http://127.0.0.1:4465',
      framesDetail: 'http://detail.kombi.localhost:4466',
    });
    expect(config.mutate).toBe(7);
    expect(() => sandboxConfig({ SANDBOX_GRID_PORT: 'x' })).toThrow('SANDBOX_GRID_PORT must be a TCP port, got "x"');
    expect(() => sandboxConfig({ SANDBOX_MUTATE: 'sometimes' })).toThrow(/SANDBOX_MUTATE must be a whole number/);
  });
});
