// The ALTCHA solver the SDK runs before it asks for a visitor token on sites that require proof of work.
import { solve } from '../../src/core/proof-of-work.js';
import { eq } from '../support/assert.js';

const sha256 = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))].map((byte) => byte.toString(16).padStart(2, '0')).join('');

const challengeFor = async (number: number) => ({
  algorithm: 'SHA-256',
  salt: 'c0ffee?expires=2000000000',
  challenge: await sha256('c0ffee?expires=2000000000' + number),
  signature: 'signed-by-the-server',
  maxnumber: 5000,
});

describe('proof of work', () => {
  it('finds the number in a worker and answers with the ALTCHA payload', async () => {
    const RealWorker = globalThis.Worker;
    let answered = 0;
    globalThis.Worker = class extends RealWorker {
      constructor(url: string | URL) {
        super(url);
        this.addEventListener('message', () => answered++);
      }
    };
    let payload: string;
    try {
      payload = await solve(await challengeFor(1234));
    } finally {
      globalThis.Worker = RealWorker;
    }
    eq(answered, 1, 'the worker found it');
    eq(JSON.parse(atob(payload)), { algorithm: 'SHA-256', challenge: await sha256('c0ffee?expires=20000000001234'), number: 1234, salt: 'c0ffee?expires=2000000000', signature: 'signed-by-the-server' });
  });

  it('searches on the page where no worker may be made (a strict CSP)', async () => {
    const RealWorker = globalThis.Worker;
    let tried = 0;
    globalThis.Worker = class {
      constructor() {
        tried++;
        throw new DOMException('Refused to create a worker', 'SecurityError');
      }
    } as unknown as typeof Worker;
    try {
      eq(JSON.parse(atob(await solve(await challengeFor(77)))).number, 77);
      eq(tried, 1);
    } finally {
      globalThis.Worker = RealWorker;
    }
  });

  it('answers -1 when no number up to maxnumber fits (the server then refuses it)', async () => {
    const challenge = { ...(await challengeFor(9000)), maxnumber: 100 };
    eq(JSON.parse(atob(await solve(challenge))).number, -1);
  });
});
