/**
 * A value built once per Lambda environment, on first use, and reused while
 * the environment is warm. A failed build is not cached: the next call tries again.
 */
export interface BuiltOnce<T> {
  get(): Promise<T>;
  /** Forgets the value (tests and the local system change the environment). */
  reset(): void;
}

/**
 * @example
 * const runtime = builtOnce(() => createForceRuntime());
 * const { store } = await runtime.get();
 */
export function builtOnce<T>(build: () => Promise<T>): BuiltOnce<T> {
  let cached: Promise<T> | undefined;
  return {
    get() {
      cached ??= build().catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    },
    reset() {
      cached = undefined;
    },
  };
}
