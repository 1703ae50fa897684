/** Shared pieces of the gateway tests: labelled values, a served gateway, an openai client. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway/index.js';
import { Stub } from './stub.js';

/** Labelled personal data the tests send (synthetic). */
export const PII = {
  name: 'Ravi Kumar',
  aadhaar: '2345 6789 0124',
  pan: 'ABCPK1234F',
  phone: '+91 98765 43210',
  email: 'ravi.kumar@gmail.com',
} as const;

export const PROMPT = `My name is ${PII.name}, Aadhaar ${PII.aadhaar}, PAN ${PII.pan}, phone ${PII.phone}, email ${PII.email}. Please draft a loan letter.`;

/** Every labelled value, with the digit-only forms a scrubber could leave behind. */
export const LABELLED = [...Object.values(PII), '234567890124', '9876543210', 'Ravi', 'ABCPK1234F'];

export function expectNoLabelledValue(text: string, values: readonly string[] = LABELLED): void {
  for (const v of values) expect(text, `a labelled value reached where it must not`).not.toContain(v);
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serve a gateway handler with @hono/node-server on 127.0.0.1 (a free port). */
export async function serveGateway(gw: Gateway): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch: gw, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((r) => {
            (server as import('node:http').Server).closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

export function client(baseURL: string, apiKey = 'unused', extra: Record<string, string> = {}): OpenAI {
  return new OpenAI({ baseURL, apiKey, maxRetries: 0, defaultHeaders: extra });
}

export interface StubGateway {
  stub: Stub;
  gw: Gateway;
  served: Served;
}

/**
 * For one test file: a stub upstream, a gateway in front of it (`options`, the upstream filled in)
 * and the gateway served on loopback, started before the file's tests and closed after them.
 * Unless `checkUpstream` is false, after each test no labelled value may have reached the stub, whose
 * requests are then forgotten (first, so one failure does not spill into the next test).
 */
export function useStubGateway(options: Omit<GatewayOptions, 'upstream'>, checkUpstream = true): StubGateway {
  const h = {} as StubGateway;
  beforeAll(async () => {
    h.stub = await new Stub().start();
    h.gw = createGateway({ ...options, upstream: `${h.stub.url}/v1` });
    h.served = await serveGateway(h.gw);
  });
  afterAll(async () => {
    await h.served?.close();
    await h.gw?.close();
    await h.stub?.close();
  });
  if (checkUpstream) {
    afterEach(() => {
      const bodies = h.stub.allBodies();
      h.stub.requests.length = 0;
      expectNoLabelledValue(bodies);
    });
  }
  return h;
}
