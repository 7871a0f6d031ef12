/**
 * One value the content scripts of a tab share. They share the tab's isolated world, not
 * their modules: the panel's script is injected on first need and the recipe engine's is
 * another bundle. They meet through one object on that world's `globalThis`, which the page
 * can't see or set.
 */
interface Slot<T> {
  value: T;
  readonly listeners: Set<(value: T) => void>;
}

export interface SharedValue<T> {
  get(): T;
  /** Sets the value; listeners hear of it unless it is the same (`Object.is`). */
  set(value: T): void;
  /** Calls `listener` now and on every change; returns the unsubscribe. */
  watch(listener: (value: T) => void): () => void;
}

export function sharedValue<T>(key: string, initial: T): SharedValue<T> {
  const scope = globalThis as unknown as Record<string, Slot<T> | undefined>;
  const slot = () => (scope[key] ??= { value: initial, listeners: new Set() });
  return {
    get: () => slot().value,
    set(value) {
      const s = slot();
      if (Object.is(s.value, value)) return;
      s.value = value;
      for (const listener of s.listeners) listener(value);
    },
    watch(listener) {
      const s = slot();
      s.listeners.add(listener);
      listener(s.value);
      return () => s.listeners.delete(listener);
    },
  };
}
