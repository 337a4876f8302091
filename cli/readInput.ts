import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from './InputError';

/** The largest input file the tools read (traces, trace lists, guest logs): 32 MiB. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * Reads a UTF-8 text file, refusing with an {@link InputError} what is not a regular file
 * (a device such as /dev/zero grows without end, a FIFO with no writer blocks forever),
 * a file over {@link MAX_INPUT_BYTES}, UTF-16, or bytes that are not UTF-8. A UTF-8 byte
 * order mark is dropped, as JSON readers may (RFC 8259, section 8.1).
 */
export function readInput(file: string): string {
  const fail = (why: string): never => {
    throw new InputError(`${file}: ${why}`);
  };
  // stat, not open: opening a FIFO would already block.
  const st = statOf(file, fail);
  if (!st.isFile()) fail('not a regular file');
  if (st.size > MAX_INPUT_BYTES)
    fail(`larger than ${MAX_INPUT_BYTES} bytes, the most the tools read`);
  const fd = openOf(file, fail);
  try {
    if (!fstatSync(fd).isFile()) fail('not a regular file');
    // One byte more than its size, to see a file that grows while it is read.
    const buf = Buffer.alloc(Number(st.size) + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) {
      got = readSync(fd, buf, n, buf.length - n, null);
    }
    if (n > st.size) fail('grew while it was read');
    return decode(buf.subarray(0, n), fail);
  } finally {
    closeSync(fd);
  }
}

function decode(bytes: Buffer, fail: (why: string) => never): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    fail('is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8');
  }
  if (bytes.includes(0)) fail('holds NUL bytes (UTF-16 or binary?); save it as UTF-8 text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail('is not UTF-8 text');
  }
}

function statOf(file: string, fail: (why: string) => never): ReturnType<typeof statSync> & {} {
  try {
    return statSync(file);
  } catch (e) {
    return fail(`cannot read it: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function openOf(file: string, fail: (why: string) => never): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    return fail(`cannot read it: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
