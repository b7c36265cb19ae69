// Proof of work before a guest gets a visitor token, on sites that ask for it: an ALTCHA challenge (the
// server makes and checks it with altcha-lib). The answer is the number n ≤ maxnumber whose SHA-256 of
// salt + n, in hex, is the challenge. It is searched in a worker, so the page stays responsive, with no
// visible widget. Where the page's Content-Security-Policy forbids a blob: worker, the same search runs on
// the page, which stays responsive too: every hash is awaited. Loaded with the outbox, on the first write.

/** What `GET …/visitors/challenge` answers. */
export interface Challenge {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber?: number;
}

/** The number whose hash is `challenge`, or -1. Self-contained: it is also the worker's source. */
async function search(challenge: string, salt: string, max: number): Promise<number> {
  const encoder = new TextEncoder();
  for (let n = 0; n <= max; n++) {
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(salt + n)));
    let hex = '';
    for (const byte of hash) hex += byte.toString(16).padStart(2, '0');
    if (hex == challenge) return n;
  }
  return -1;
}

/** Runs `search` in a worker; rejects where no worker can be made (CSP) or it fails. */
const searchInWorker = (challenge: string, salt: string, max: number): Promise<number> =>
  new Promise((found, failed) => {
    const url = URL.createObjectURL(new Blob([`const search=${search};onmessage=async(e)=>postMessage(await search(...e.data))`], { type: 'text/javascript' }));
    const worker = new Worker(url);
    const end = () => (worker.terminate(), URL.revokeObjectURL(url));
    worker.onmessage = (event) => (end(), found(event.data));
    worker.onerror = (error) => (end(), failed(error));
    worker.postMessage([challenge, salt, max]);
  });

/** Solves `challenge` and returns the payload `POST …/visitors` takes as `altcha`. */
export const solve = async ({ algorithm, challenge, salt, signature, maxnumber = 1e6 }: Challenge): Promise<string> => {
  let number: number;
  try {
    number = await searchInWorker(challenge, salt, maxnumber);
  } catch {
    number = await search(challenge, salt, maxnumber);
  }
  return btoa(JSON.stringify({ algorithm, challenge, number, salt, signature }));
};
