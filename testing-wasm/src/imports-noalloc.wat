;; imports-noalloc.wasm - imports env.greet, whose host function hands text back
;; through the guest's allocator, but exports no alloc: linking must fail.
(module
  (import "env" "greet" (func $greet (param i32 i32) (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "world")
  (func (export "run") (result i64)
    (call $greet (i32.const 16) (i32.const 5))))
