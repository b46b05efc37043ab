import type { Disposable } from 'vscode';

/** Owns disposables and disposes them together, last registered first. */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
      return item;
    }
    this.items.push(item);
    return item;
  }

  dispose(): void {
    this.disposed = true;
    while (this.items.length) {
      try {
        this.items.pop()?.dispose();
      } catch {
        // one failing disposer must not keep the rest alive
      }
    }
  }
}
