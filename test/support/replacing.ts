/** `target` with one method replaced; the rest still run on the real object. */
export function replacing<T extends object>(target: T, method: keyof T, replacement: (...args: never[]) => unknown): T {
  return new Proxy(target, {
    get: (object, property) => {
      if (property === method) return replacement;
      const value: unknown = Reflect.get(object, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** Never settles: the process "dies" while waiting on this call. */
export const hang = (): Promise<never> => new Promise<never>(() => undefined);
