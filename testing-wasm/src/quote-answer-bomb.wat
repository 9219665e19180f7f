;; quote-answer-bomb.wasm - a pricing plugin (the sample's quote ABI) whose answer is 16 MiB: the pages are never
;; written, so the guest holds nothing of its own; only the host's copy of the answer would cost the heap.
(module
  (memory (export "memory") 2)
  (func (export "alloc") (param $size i32) (result i32) (i32.const 1024))
  (func (export "quote") (param $ptr i32) (param $len i32) (result i64)
    (if (i32.lt_u (memory.size) (i32.const 257))
      (then (drop (memory.grow (i32.sub (i32.const 257) (memory.size))))))
    (i64.or (i64.shl (i64.const 65536) (i64.const 32)) (i64.const 16777216))))
