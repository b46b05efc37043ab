/**
 * A table entry only when the table itself holds the key. `TABLE[name]` with a name from input
 * ("constructor", "toString", "__proto__") would otherwise return a function from
 * `Object.prototype` (issue 15, class 12).
 */
export function ownEntry<V>(table: Readonly<Partial<Record<string, V>>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
