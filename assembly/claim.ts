// Work sharing for kernels that every thread of a task calls with the same arguments: each claims
// chunks of the work from a zeroed i32 counter until none is left, so one thread alone simply
// claims them all and a thread that starts late does less.

/** The start of the next chunk of `chunk` items out of n at the counter `control`, or -1 when all are taken. */
@inline
export function claim(control: usize, n: i32, chunk: i32): i32 {
  const start = atomic.add<i32>(control, chunk);
  return start < n ? start : -1;
}
