;; extism-offsets.wasm - an Extism plugin that hands the kernel handles into the middle of a block, as a plugin
;; that carves one block into fields does: output_set and error_set must start where the handle points.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (memory (export "memory") 1)
  (func $abcdefgh (result i64)
    (local $block i64)
    (local.set $block (call $alloc (i64.const 8)))
    ;; "ABCDEFGH" little-endian
    (call $store_u64 (local.get $block) (i64.const 0x4847464544434241))
    (local.get $block))
  ;; answers the last four bytes of "ABCDEFGH": EFGH
  (func (export "output_mid") (result i32)
    (call $output_set (i64.add (call $abcdefgh) (i64.const 4)) (i64.const 4))
    (i32.const 0))
  ;; answers two bytes from the middle: DE
  (func (export "output_inner") (result i32)
    (call $output_set (i64.add (call $abcdefgh) (i64.const 3)) (i64.const 2))
    (i32.const 0))
  ;; fails with the error text that starts in the middle of the block
  (func (export "error_mid") (result i32)
    (call $error_set (i64.add (call $abcdefgh) (i64.const 4)))
    (i32.const 1)))
