;; The main module of a two-module Extism plugin: "share" takes its input's length and asks the module its
;; manifest names "lib" (linked-trap-lib.wat) to divide 100 by it, so an empty input traps in the library.
;; Built with --debug-names: guest stack traces name its functions.
(module
  (import "lib" "ratio" (func $ratio (param i32 i32) (result i32)))
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)

  (func $portion (param $parts i32) (result i32)
    (call $ratio (i32.const 100) (local.get $parts)))

  ;; 100 divided by the input's length, as one byte
  (func $share (export "share") (result i32)
    (local $out i64)
    (local.set $out (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $out) (call $portion (i32.wrap_i64 (call $input_length))))
    (call $output_set (local.get $out) (i64.const 1))
    (i32.const 0)))
