import { describe, expect, it } from 'vitest';
import { DEFAULT_MIX } from '../src/mix.js';
import { LOCAL_URLS, OptionsError, parseOptions, usage } from '../src/options.js';

function parseError(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseOptions(argv, env);
  } catch (err) {
    expect(err).toBeInstanceOf(OptionsError);
    return (err as Error).message;
  }
  throw new Error('expected an OptionsError');
}

describe('parseOptions', () => {
  it('defaults suit a laptop: the pnpm dev ports, 10 shoppers, 50 req/s, one minute', () => {
    const o = parseOptions([]);
    expect(o.targets).toEqual({ mode: 'services', urls: LOCAL_URLS });
    expect(o).toMatchObject({ shoppers: 10, rate: 50, durationS: 60, requests: undefined, timeoutMs: 10_000, smoke: false, json: false });
    expect(o.mix).toEqual(DEFAULT_MIX);
    expect(Number.isInteger(o.seed)).toBe(true);
  });

  it('a gateway target serves every service from one base URL', () => {
    const o = parseOptions(['--target', 'http://shop.example:8080/']);
    expect(o.targets.mode).toBe('gateway');
    expect(Object.values(o.targets.urls)).toEqual(Array(4).fill('http://shop.example:8080'));
  });

  it('per-service URLs override the local defaults one by one', () => {
    const o = parseOptions(['--cart-url', 'http://127.0.0.1:9002']);
    expect(o.targets.urls).toEqual({ ...LOCAL_URLS, cart: 'http://127.0.0.1:9002' });
  });

  it('reads durations with units, and a request budget alone means no time limit', () => {
    expect(parseOptions(['--duration', '90']).durationS).toBe(90);
    expect(parseOptions(['--duration', '2m']).durationS).toBe(120);
    expect(parseOptions(['--duration', '1500ms']).durationS).toBe(1.5);
    expect(parseOptions(['--requests', '500'])).toMatchObject({ requests: 500, durationS: 0 });
    expect(parseOptions(['--requests', '500', '--duration', '10s'])).toMatchObject({ requests: 500, durationS: 10 });
  });

  it('changes only the named weights of the mix', () => {
    const o = parseOptions(['--mix', 'checkout=10, browse=0']);
    expect(o.mix).toEqual({ ...DEFAULT_MIX, checkout: 10, browse: 0 });
  });

  it('takes LOADGEN_* variables for the pod, and flags win over them', () => {
    const env = { LOADGEN_TARGET: 'http://gateway.istio-system', LOADGEN_SHOPPERS: '40', LOADGEN_DURATION: '0', LOADGEN_SMOKE: 'true' };
    const o = parseOptions(['--shoppers', '5'], env);
    expect(o).toMatchObject({ shoppers: 5, durationS: 0, smoke: true });
    expect(o.targets.urls.order).toBe('http://gateway.istio-system');
  });

  it('names each bad flag and the value it got', () => {
    const message = parseError(['--shoppers', 'many', '--rate=-3', '--target', 'ftp://x', '--duration', 'soon']);
    expect(message).toContain('--shoppers must be a number (got "many")');
    expect(message).toContain('--rate must be 0 (unlimited) or more (got "-3")');
    expect(message).toContain('--target must be an http(s) URL (got "ftp://x")');
    expect(message).toContain('--duration must look like 90, 30s, 5m or 1h (got "soon")');
    expect(message.split('\n')).toHaveLength(4);
  });

  it('rejects fractions, out-of-range values and bad mixes', () => {
    expect(parseError(['--shoppers', '2.5'])).toContain('--shoppers must be a whole number');
    expect(parseError(['--shoppers', '0'])).toContain('--shoppers must be at least 1');
    expect(parseError(['--max-error-rate', '5'])).toContain('--max-error-rate must be between 0 and 1');
    expect(parseError(['--mix', 'teleport=3'])).toContain('unknown behaviour "teleport"');
    expect(parseError(['--mix', 'checkout=lots'])).toContain('checkout needs a weight');
  });

  it('rejects unknown flags and stray arguments with a pointer to --help', () => {
    expect(parseError(['--shopers', '3'])).toMatch(/Unknown option '--shopers'[\s\S]*--help/);
    expect(parseError(['fast'])).toContain('--help');
  });

  it('the usage lists every flag with its environment variable', () => {
    expect(usage()).toContain('--target <value>');
    expect(usage()).toContain('[LOADGEN_SHOPPERS]');
    expect(usage()).toContain('--smoke');
  });
});

describe('parseOptions under pnpm', () => {
  it('ignores the leading -- that `pnpm loadgen -- --flag` forwards', () => {
    expect(parseOptions(['--', '--shoppers', '3']).shoppers).toBe(3);
  });
});
