// Test helper: how much work a synchronous call does, counted rather than timed. While `fn` runs, every step
// of an iteration over an Array, Map or Set (for-of, spread, entries/keys/values), every element an Array
// method may visit (filter, some, includes, ...) and every Map/Set lookup counts one. A loop that scans a
// whole collection once per item therefore shows as steps growing with the square of the input.

type Proto = Record<PropertyKey, unknown>;

const ARRAY_SCANS = ['filter', 'map', 'flatMap', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'includes', 'indexOf', 'lastIndexOf', 'forEach', 'reduce', 'reduceRight', 'join', 'slice', 'concat', 'sort'] as const;
const ITERATORS = ['entries', 'keys', 'values'] as const;

export function countSteps<T>(fn: () => T): { result: T; steps: number } {
  let steps = 0;
  const restore: (() => void)[] = [];
  const patch = (proto: object, key: PropertyKey, make: (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown) => {
    const target = proto as Proto;
    const original = target[key] as (...args: unknown[]) => unknown;
    Object.defineProperty(target, key, { value: make(original), configurable: true, writable: true, enumerable: false });
    restore.push(() => Object.defineProperty(target, key, { value: original, configurable: true, writable: true, enumerable: false }));
  };
  const counting = (it: Iterator<unknown>): IterableIterator<unknown> => ({
    next: () => {
      steps++;
      return it.next();
    },
    return: (value?: unknown) => (it.return ? it.return(value) : { done: true, value }),
    [Symbol.iterator]() {
      return this;
    },
  });
  const iterating = (original: (...args: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      return counting(original.apply(this, args) as Iterator<unknown>);
    };

  for (const proto of [Array.prototype, Map.prototype, Set.prototype]) {
    for (const key of [...ITERATORS, Symbol.iterator]) if (key in proto) patch(proto, key, iterating);
  }
  for (const key of ARRAY_SCANS) {
    patch(Array.prototype, key, (original) =>
      function (this: unknown[], ...args: unknown[]) {
        steps += this.length;
        return original.apply(this, args);
      },
    );
  }
  for (const proto of [Map.prototype, Set.prototype]) {
    for (const key of ['get', 'set', 'has', 'add', 'delete'] as const) {
      if (!(key in proto)) continue;
      patch(proto, key, (original) =>
        function (this: unknown, ...args: unknown[]) {
          steps++;
          return original.apply(this, args);
        },
      );
    }
    patch(proto, 'forEach', (original) =>
      function (this: Map<unknown, unknown>, ...args: unknown[]) {
        steps += this.size;
        return original.apply(this, args);
      },
    );
  }
  try {
    const result = fn();
    return { result, steps };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}
