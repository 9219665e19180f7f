;; guarded-alloc.wasm - the memory ABI's edges: an allocator that calls the host, traps on request,
;; and exports that answer with invalid UTF-8 or an out-of-range length.
;; Memory layout: 256..262 = "ok \ff ok" (7 bytes, byte 3 is not UTF-8), 1024.. = bump heap.
(module
  (import "env" "on_alloc" (func $on_alloc (param i32)))
  (import "env" "give" (func $give (param i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 256) "ok \ffok!")

  (global $heap (mut i32) (i32.const 1024))

  ;; bump allocator that first tells the host the size; size 13 traps (unreachable)
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (call $on_alloc (local.get $size))
    (if (i32.eq (local.get $size) (i32.const 13)) (then (unreachable)))
    (local.set $ptr (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $size)))
    (local.get $ptr))

  ;; echo(ptr, len) answers its input: (ptr << 32) | len
  (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
            (i64.extend_i32_u (local.get $len))))

  ;; bad_text(ptr, len) answers the 7 bytes at 256, of which byte 3 (0xff) is not UTF-8
  (func (export "bad_text") (param i32 i32) (result i64)
    (i64.or (i64.shl (i64.const 256) (i64.const 32)) (i64.const 7)))

  ;; negative_length(ptr, len) answers ptr 16 with length 0xffffffff
  (func (export "negative_length") (param i32 i32) (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 0xffffffff)))

  ;; call_give(n) calls the host's give(n), which may allocate through the guest's alloc
  (func (export "call_give") (param i32) (result i32)
    (call $give (local.get 0))))
