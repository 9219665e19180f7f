;; The library module of a two-module Extism plugin (see linked-main.wat): a reactor whose functions the main
;; module imports by this module's name in the manifest ("lib"). It works on Extism memory blocks through the
;; same kernel as the main module, and keeps a count of calls for as long as its instance lives.
(module
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))

  ;; a new block with the block's ASCII letters in upper case
  (func (export "shout") (param $block i64) (result i64)
    (local $len i64) (local $i i64) (local $out i64) (local $c i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (local.set $len (call $length (local.get $block)))
    (local.set $out (call $alloc (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $len)))
        (local.set $c (call $load_u8 (i64.add (local.get $block) (local.get $i))))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 0x61)) (i32.le_u (local.get $c) (i32.const 0x7a)))
          (then (local.set $c (i32.sub (local.get $c) (i32.const 0x20)))))
        (call $store_u8 (i64.add (local.get $out) (local.get $i)) (local.get $c))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $out))

  ;; how many times shout ran in this instance
  (func (export "calls") (result i32)
    (global.get $calls)))
