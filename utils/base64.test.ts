import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64';

describe('base64 for export files', () => {
  it('carries every byte value unchanged, also across chunk borders', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const text = bytesToBase64(bytes);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(base64ToBytes(text)).toEqual(bytes);
    expect(bytesToBase64(new Uint8Array([0xef, 0xbb, 0xbf]))).toBe('77u/');
  });
});

describe('base64 edge cases', () => {
  it('pads one or two trailing bytes as btoa does, and refuses what is not base64', () => {
    for (const bytes of [[], [0xff], [0xff, 0x00], [1, 2, 3, 4]]) {
      const text = bytesToBase64(new Uint8Array(bytes));
      expect(text).toBe(btoa(String.fromCharCode(...bytes)));
      expect([...base64ToBytes(text)]).toEqual(bytes);
    }
    expect(() => base64ToBytes('ab!d')).toThrow(/Not base64/);
  });
});
