// Other visitors voting, through the REST API as a browser would: each guest gets its own visitor token
// (`POST …/visitors`) and votes on every subject (`PUT …/ratings/mine`). Used to give pages data in the
// end-to-end tests and the bench. Any other answer than 201 (visitor) and 200 (vote) stops with the server's
// words.

/** `guests` new guests vote on every subject of `siteUrl` (`…/v1/sites/<site>`): guest `g` gives
 * `subjects[i]` the value `valueOf(i, g)`. A few votes are in flight at a time (SQLite has one writer). */
export async function voteAsGuests(siteUrl: string, subjects: string[], guests: number, valueOf: (subject: number, guest: number) => number): Promise<void> {
  const call = async (method: string, path: string, expected: number, token?: string, body: unknown = {}) => {
    const res = await fetch(siteUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (res.status !== expected) throw new Error(`voting as a guest: ${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  for (let guest = 0; guest < guests; guest++) {
    const { token } = (await call('POST', '/visitors', 201)) as { token: string };
    for (let i = 0; i < subjects.length; i += 8) {
      const batch = subjects.slice(i, i + 8).map((subject, k) => [subject, i + k] as const);
      await Promise.all(batch.map(([subject, index]) => call('PUT', `/ratings/mine?subject=${encodeURIComponent(subject)}`, 200, token, { value: valueOf(index, guest) })));
    }
  }
}
