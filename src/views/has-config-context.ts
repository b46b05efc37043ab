/**
 * The `ssoLens.hasConfig` context key (palette entries, the Providers view's welcome): true while any
 * source has something to offer — config files (or recognised in-place files) from the config store,
 * Terraform modules with SSO resources from the Terraform check. Each source reports on its own; the
 * key is their OR, so one source going empty never hides what the other still has.
 */
export class HasConfigContext {
  private readonly sources = new Map<string, boolean>();
  private last: boolean | undefined;

  /** `setKey` sets the context key (`setContext` in the extension). */
  constructor(private readonly setKey: (value: boolean) => PromiseLike<unknown>) {}

  /** What `source` has now; sets the key when the OR of all sources changed (or was never set). */
  async report(source: 'configs' | 'terraform', present: boolean): Promise<void> {
    this.sources.set(source, present);
    const value = [...this.sources.values()].some(Boolean);
    if (value === this.last) return;
    this.last = value;
    try {
      await this.setKey(value);
    } catch (e) {
      // Not set after all: the next report tries again instead of taking the key for set.
      if (this.last === value) this.last = undefined;
      throw e;
    }
  }

  /** The value last set and what each source reported (for the integration tests). */
  snapshot(): { value: boolean | undefined; sources: Record<string, boolean> } {
    return { value: this.last, sources: Object.fromEntries(this.sources) };
  }
}
