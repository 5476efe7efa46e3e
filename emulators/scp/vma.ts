import { createHash } from "node:crypto";

/** Deterministic VMA bytes for an image, so downloads can be checked. */
export function vmaBytes(imageId: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash("sha256").update(imageId).digest();
  for (let offset = 0; offset < size; offset += block.length) {
    block.copy(out, offset);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}
