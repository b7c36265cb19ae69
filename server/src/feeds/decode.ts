/**
 * A fetched feed's bytes to text (issue 11). feedsmith takes a string, so finding the document's encoding is the
 * proxy's job. The order is RFC 7303's (XML media types) with XML 1.0's Appendix F:
 *
 * 1. a byte order mark (UTF-8, UTF-16 and UTF-32, either byte order);
 * 2. the `charset` of the HTTP `Content-Type`;
 * 3. the first bytes of an XML document without a mark (`<?xm` in UTF-16 or UTF-32), then its XML declaration's
 *    `encoding`;
 * 4. otherwise UTF-8 when the bytes are valid UTF-8, and windows-1252 (what browsers fall back to) when not.
 *
 * Encodings are the WHATWG Encoding Standard's (what `TextDecoder` knows, with Node's full ICU), plus UTF-32, which
 * it left out and this module decodes itself. An unknown label is skipped, as if it were not there.
 */

export interface DecodedFeed {
  text: string;
  /** The encoding the text was decoded with, lower case: `utf-8`, `utf-16le`, `utf-32be`, `big5`, `windows-1252`… */
  encoding: string;
}

type Utf32 = 'utf-32be' | 'utf-32le';

/** The encoding a label names (`latin1` is `windows-1252`, `gb2312` is `gb18030`), or `undefined` when unknown. */
export function encodingOf(label: string): string | undefined {
  const name = label.trim().toLowerCase();
  if (name === 'utf-32' || name === 'ucs-4' || name === 'utf-32be') return 'utf-32be';
  if (name === 'utf-32le') return 'utf-32le';
  try {
    const encoding = new TextDecoder(name).encoding;
    // The Encoding Standard's gbk decoder is its gb18030 decoder; name it by what it reads.
    return encoding === 'gbk' ? 'gb18030' : encoding;
  } catch {
    return undefined;
  }
}

/** The `charset` parameter of a `Content-Type` value, quotes and spaces around it removed. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  for (const parameter of contentType.split(';').slice(1)) {
    const at = parameter.indexOf('=');
    if (at < 0 || parameter.slice(0, at).trim().toLowerCase() !== 'charset') continue;
    const value = parameter.slice(at + 1).trim().replace(/^(["'])(.*)\1$/, '$2').trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** The encoding a byte order mark names, and the mark's length. */
function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) return { encoding: 'utf-32be', length: 4 };
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) return { encoding: 'utf-32le', length: 4 };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  return undefined;
}

/** The encoding family an XML document without a mark starts in (`<?` or `<` in UTF-16 or UTF-32). */
function sniffWideEncoding(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x3c])) return 'utf-32be';
  if (startsWith(bytes, [0x3c, 0x00, 0x00, 0x00])) return 'utf-32le';
  if (startsWith(bytes, [0x00, 0x3c, 0x00, 0x3f]) || startsWith(bytes, [0x00, 0x3c, 0x00])) return 'utf-16be';
  if (startsWith(bytes, [0x3c, 0x00, 0x3f, 0x00]) || startsWith(bytes, [0x3c, 0x00])) return 'utf-16le';
  return undefined;
}

function decodeUtf32(bytes: Uint8Array, encoding: Utf32): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = encoding === 'utf-32le';
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let at = 0; at + 4 <= bytes.byteLength; at += 4) {
    const code = view.getUint32(at, littleEndian);
    chunk.push(code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? 0xfffd : code);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  if (bytes.byteLength % 4 !== 0) chunk.push(0xfffd);
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-32be' || encoding === 'utf-32le') return decodeUtf32(bytes, encoding);
  // ignoreBOM: a mark was already read (and removed) or is not there.
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const DECLARED_ENCODING = /^\s*<\?xml[^>]*?\sencoding\s*=\s*(["'])([A-Za-z0-9._:-]+)\1/;

/** The `encoding` of an XML declaration at the start of `head` (text already decoded far enough to read it). */
function declaredEncoding(head: string): string | undefined {
  return DECLARED_ENCODING.exec(head)?.[2];
}

/**
 * Decodes a fetched document. `contentType` is the response's `Content-Type`, if any. JSON documents go through
 * the same steps: a JSON Feed is UTF-8 (RFC 8259) unless a mark or a charset says otherwise.
 */
export function decodeFeed(bytes: Uint8Array, contentType?: string): DecodedFeed {
  const mark = byteOrderMark(bytes);
  if (mark) return { text: decodeWith(bytes.subarray(mark.length), mark.encoding), encoding: mark.encoding };

  const charset = charsetOf(contentType);
  const fromHeader = charset === undefined ? undefined : encodingOf(charset);
  if (fromHeader) return { text: decodeWith(bytes, fromHeader), encoding: fromHeader };

  const wide = sniffWideEncoding(bytes);
  if (wide) {
    // A wide document names its exact form in its declaration at best ("UTF-16"); the bytes decided it.
    return { text: decodeWith(bytes, wide), encoding: wide };
  }

  // ASCII-compatible: the declaration can be read from the bytes as Latin-1.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const declared = declaredEncoding(head);
  const fromDeclaration = declared === undefined ? undefined : encodingOf(declared);
  // A declaration of a wide encoding in a document that is not wide is wrong: read its bytes as ASCII-compatible.
  if (fromDeclaration && !/^utf-(16|32)/.test(fromDeclaration)) {
    return { text: decodeWith(bytes, fromDeclaration), encoding: fromDeclaration };
  }
  if (isUtf8(bytes)) return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8' };
  return { text: decodeWith(bytes, 'windows-1252'), encoding: 'windows-1252' };
}
