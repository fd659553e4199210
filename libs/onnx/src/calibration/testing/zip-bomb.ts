import { zipSync } from 'fflate';

/**
 * A small `.npz` (zip) whose one entry, `name`, declares `declaredBytes` uncompressed in both its
 * local header and the central directory, while holding `realBytes` zeros: a zip bomb's header.
 */
export function lyingNpz(name: string, realBytes: number, declaredBytes: number): Buffer {
  const zip = Buffer.from(zipSync({ [name]: new Uint8Array(realBytes) }, { level: 9 }));
  zip.writeUInt32LE(declaredBytes, zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])) + 22); // local file header
  zip.writeUInt32LE(declaredBytes, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24); // central directory
  return zip;
}
