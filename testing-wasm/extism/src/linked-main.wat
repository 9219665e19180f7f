;; The main module of a two-module Extism plugin: it imports "shout" and "calls" from the module its manifest
;; names "lib" (linked-lib.wat), as Extism links the modules of one manifest.
(module
  (import "lib" "shout" (func $shout (param i64) (result i64)))
  (import "lib" "calls" (func $calls (result i32)))
  (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)

  ;; the input in upper case, made by the library module
  (func (export "upper") (result i32)
    (local $out i64)
    (local.set $out (call $shout (call $input_offset)))
    (call $output_set (local.get $out) (call $length (local.get $out)))
    (i32.const 0))

  ;; how many times the library shouted in this instance, as one decimal digit
  (func (export "lib_calls") (result i32)
    (local $out i64)
    (local.set $out (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $out) (i32.add (i32.const 0x30) (i32.rem_u (call $calls) (i32.const 10))))
    (call $output_set (local.get $out) (i64.const 1))
    (i32.const 0)))
