// docs/operations.md shows docs/examples/* verbatim: the page and the files cannot drift apart. (nginx.conf
// itself is run by nginx.test.ts; the Caddyfile is checked by Caddy's own parser where Caddy is installed.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../src/routes/sdk.ts';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const CADDY = spawnSync('sh', ['-c', 'command -v caddy'], { encoding: 'utf8' }).stdout.trim();

describe('docs/examples in docs/operations.md', () => {
  const doc = read('docs/operations.md');

  for (const [file, language] of [['docs/examples/nginx.conf', 'nginx'], ['docs/examples/Caddyfile', 'caddyfile']] as const) {
    it(`shows ${file} exactly as the file is`, () => {
      const text = read(file);
      assert.ok(text.endsWith('\n') && !text.includes('```'), `${file} must end with a newline and hold no code fence`);
      const block = new RegExp('```' + language + '\\n([\\s\\S]*?)```\\n').exec(doc)?.[1];
      assert.ok(block !== undefined, `docs/operations.md has no \`\`\`${language} block`);
      assert.equal(block, text, `the \`\`\`${language} block in docs/operations.md differs from ${file}: copy the file into it`);
    });
  }

  it('the Caddyfile is one Caddy accepts', { skip: CADDY ? false : 'caddy is not installed' }, () => {
    const res = spawnSync(CADDY, ['adapt', '--adapter', 'caddyfile', '--config', join(REPO_ROOT, 'docs/examples/Caddyfile')], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const config = JSON.parse(res.stdout) as { apps: { http: { servers: Record<string, { routes: unknown[] }> } } };
    assert.match(JSON.stringify(config), /"handler":"reverse_proxy","upstreams":\[\{"dial":"127\.0\.0\.1:3000"\}\]/);
  });
});
