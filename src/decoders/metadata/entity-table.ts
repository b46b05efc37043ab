/** One entity found by the streaming scan: where its bytes are, and what it is. */
export interface ScannedEntity {
  entityId: string;
  /** Role element names (IDPSSODescriptor, SPSSODescriptor, RoleDescriptor…). */
  roles: string[];
  /** Byte range of the whole `<EntityDescriptor …>…</EntityDescriptor>`. */
  start: number;
  end: number;
  /** xmlns declarations in scope from ancestors, needed to parse the entity on its own. */
  inheritedXmlns: string;
}

/**
 * The entities of a streamed aggregate, compactly: per entity three unsigned varints in a byte
 * stream — the gap since the previous entity's end, its length, and one "shape" number (its roles
 * and inherited namespaces, interned: an aggregate has a handful of distinct ones) — about 3–5
 * bytes for a tiny entity, in fixed-size chunks that are never copied. Every CHECKPOINT entries
 * the absolute position is kept, so entity i is decoded from at most CHECKPOINT - 1 before it. The
 * entityID is read back from the input when asked for. An object and strings per entity cost 3 GB
 * for 5.3 million tiny entities in 250 MB; typed arrays of 12 bytes per entity still put the peak
 * over 1.5× the file (issue 15, class 16).
 */
/** Bytes per chunk of the stream; an entry (at most 3 × 5 bytes) never straddles two chunks. */
const CHUNK_BYTES = 1 << 20;
const MAX_ENTRY_BYTES = 15;
const CHECKPOINT = 32;

export class EntityTable {
  private readonly chunks: Uint8Array[] = [];
  /** Write position in the last chunk. */
  private at_ = CHUNK_BYTES;
  private count = 0;
  private lastEnd = 0;
  /** Per checkpoint: chunk index, position in it, and the end of the entity before it. */
  private readonly checkpoints: number[] = [];
  private readonly shapeIds = new Map<string, Map<string, number>>();
  private readonly shapeList: Array<{ roles: readonly string[]; inheritedXmlns: string }> = [];

  /** `readEntityId(start)` reads the entityID attribute of the start tag at that byte offset. */
  /**
   * `mayBe(start, entityId)` is a cheap byte-level test that may rule an entity out before its
   * entityID is decoded (find() over millions of entities would otherwise make strings for each).
   */
  constructor(
    private readonly readEntityId: (start: number) => string,
    private readonly mayBe: (start: number, entityId: string) => boolean = () => true,
  ) {}

  get length(): number {
    return this.count;
  }

  /** `roles` may be reused by the caller: a new shape keeps a copy. Entities come in document order. */
  add(start: number, end: number, roles: readonly string[], inheritedXmlns: string): void {
    // Keyed without building a string per entity: by the (interned) namespaces, then by the role
    // labels (one role, the common case, is its own key).
    let byRoles = this.shapeIds.get(inheritedXmlns);
    if (!byRoles) this.shapeIds.set(inheritedXmlns, (byRoles = new Map<string, number>()));
    const rolesKey = roles.length === 1 ? (roles[0] as string) : roles.length === 0 ? '\u0000' : roles.join('\n');
    let shape = byRoles.get(rolesKey);
    if (shape === undefined) {
      shape = this.shapeList.length;
      byRoles.set(rolesKey, shape);
      this.shapeList.push({ roles: Object.freeze([...roles]), inheritedXmlns });
    }
    if (this.at_ + MAX_ENTRY_BYTES > CHUNK_BYTES) {
      this.chunks.push(new Uint8Array(CHUNK_BYTES));
      this.at_ = 0;
    }
    if (this.count % CHECKPOINT === 0) this.checkpoints.push(this.chunks.length - 1, this.at_, this.lastEnd);
    const chunk = this.chunks[this.chunks.length - 1] as Uint8Array;
    this.at_ = writeVarint(chunk, this.at_, start - this.lastEnd);
    this.at_ = writeVarint(chunk, this.at_, end - start);
    this.at_ = writeVarint(chunk, this.at_, shape);
    this.lastEnd = end;
    this.count++;
  }

  /** Start, end and shape of entity i (0 ≤ i < length), into `out`. */
  private read(i: number, out: Decoded): Decoded {
    const c = Math.floor(i / CHECKPOINT) * 3;
    let chunk = this.checkpoints[c] as number;
    let pos = this.checkpoints[c + 1] as number;
    let end = this.checkpoints[c + 2] as number;
    for (let k = i - (i % CHECKPOINT); ; k++) {
      if (pos + MAX_ENTRY_BYTES > CHUNK_BYTES) {
        // The writer moved on to a fresh chunk when fewer than MAX_ENTRY_BYTES were left.
        chunk++;
        pos = 0;
      }
      const bytes = this.chunks[chunk] as Uint8Array;
      pos = readVarint(bytes, pos, cursor);
      const start = end + cursor.value;
      pos = readVarint(bytes, pos, cursor);
      end = start + cursor.value;
      pos = readVarint(bytes, pos, cursor);
      if (k === i) {
        out.start = start;
        out.end = end;
        out.shape = cursor.value;
        return out;
      }
    }
  }

  entityId(i: number): string {
    return this.readEntityId(this.read(i, decoded).start);
  }

  roles(i: number): readonly string[] {
    return this.shapeList[this.read(i, decoded).shape]?.roles ?? [];
  }

  /** The entity at position i as an object (made on demand), or undefined past the end. */
  at(i: number): ScannedEntity | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const { start, end, shape: s } = this.read(i, decoded);
    const shape = this.shapeList[s];
    return { entityId: this.readEntityId(start), roles: [...(shape?.roles ?? [])], start, end, inheritedXmlns: shape?.inheritedXmlns ?? '' };
  }

  /** The first entity with this entityID. */
  find(entityId: string): ScannedEntity | undefined {
    // One sequential pass (entityId(i) would decode from a checkpoint each time).
    let chunk = this.checkpoints[0] ?? 0;
    let pos = this.checkpoints[1] ?? 0;
    let end = 0;
    for (let i = 0; i < this.count; i++) {
      if (pos + MAX_ENTRY_BYTES > CHUNK_BYTES) {
        chunk++;
        pos = 0;
      }
      const bytes = this.chunks[chunk] as Uint8Array;
      pos = readVarint(bytes, pos, cursor);
      const start = end + cursor.value;
      pos = readVarint(bytes, pos, cursor);
      end = start + cursor.value;
      pos = readVarint(bytes, pos, cursor);
      if (this.mayBe(start, entityId) && this.readEntityId(start) === entityId) return this.at(i);
    }
    return undefined;
  }
}

interface Decoded {
  start: number;
  end: number;
  shape: number;
}

/** Reused results: reading the table makes no object per entity. */
const decoded: Decoded = { start: 0, end: 0, shape: 0 };
const cursor = { value: 0 };

/** LEB128: seven bits a byte, low first; returns the position after it. */
function writeVarint(bytes: Uint8Array, pos: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    bytes[pos++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  bytes[pos++] = v;
  return pos;
}

function readVarint(bytes: Uint8Array, pos: number, out: { value: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[pos++] as number;
    value += (b & 0x7f) * scale;
    if (b < 0x80) break;
    scale *= 0x80;
  }
  out.value = value;
  return pos;
}
