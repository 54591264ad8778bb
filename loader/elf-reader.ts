/** Little-endian reads from an ELF file's bytes, each checked against the end of the file. */
import { LoaderError } from './errors.js';

const utf8 = new TextDecoder();

export class ElfReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  fail(reason: string): never {
    throw new LoaderError(this.file, reason);
  }

  /** Fails with `truncated: <what> ...` unless bytes [offset, offset + size) are in the file. */
  need(offset: number, size: number, what: string): void {
    if (offset + size > this.length)
      this.fail(`truncated: ${what} ends at byte ${offset + size}, but the file has ${this.length} bytes`);
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  /** The NUL-terminated string at `offset` within [start, end) (a string table). */
  cString(start: number, end: number, offset: number): string | undefined {
    if (offset >= end - start) return undefined;
    const first = start + offset;
    let i = first;
    while (i < end && this.bytes[i] !== 0) i++;
    if (i === end) return undefined;
    return utf8.decode(this.bytes.subarray(first, i));
  }
}

export const hex = (n: number): string => `0x${n.toString(16)}`;
