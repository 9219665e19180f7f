;; answer-bomb.wasm - a plugin of the starter's own ABI whose answers are larger than any caller wants: for tests of
;; the answer-size limit and of answers counted against the runtime's memory budget.
;; big(ptr, len) grows memory to 16 MiB + 64 KiB and answers the range [64 KiB, 16 MiB + 64 KiB); the pages are never
;; written, so the guest holds nothing of its own: only the copy the host makes would cost the heap.
(module
  (memory (export "memory") 2)
  (func (export "alloc") (param $size i32) (result i32) (i32.const 1024))
  (func (export "big") (param $ptr i32) (param $len i32) (result i64)
    (if (i32.lt_u (memory.size) (i32.const 257))
      (then (drop (memory.grow (i32.sub (i32.const 257) (memory.size))))))
    (i64.or (i64.shl (i64.const 65536) (i64.const 32)) (i64.const 16777216)))
  (func (export "small") (param $ptr i32) (param $len i32) (result i64)
    ;; echoes its input
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
