;; extism-empty-blocks.wasm - an Extism plugin whose answer is empty, in the shape of the plugin of Extism's runtime
;; test issue_620 (a Rust-PDK plugin, loaded with WASI, whose `test` logs an empty string and answers it): blocks of
;; 0 bytes, and handle 0, which Extism's kernel gives for alloc(0) and its host reads as the empty block; and an
;; empty input set as a var.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (memory (export "memory") 1)
  ;; as the Rust PDK does with an empty String: its 0 bytes go into a block of their own for the log line (which
  ;; the host frees), and into another for the answer
  (func (export "test") (result i32)
    (local $answer i64)
    (call $log_info (call $alloc (i64.const 0)))
    (local.set $answer (call $alloc (i64.const 0)))
    (call $output_set (local.get $answer) (call $length (local.get $answer)))
    (i32.const 0))
  ;; the same with handle 0 itself: an empty log line, no error, no output
  (func (export "null_handles") (result i32)
    (call $log_info (i64.const 0))
    (call $error_set (i64.const 0))
    (call $output_set (i64.const 0) (i64.const 0))
    (i32.const 0))
  ;; sets the error "x", then clears it with handle 0: the call succeeds with no output
  (func (export "error_cleared") (result i32)
    (local $error i64)
    (local.set $error (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $error) (i32.const 0x78))
    (call $error_set (local.get $error))
    (call $error_set (i64.const 0))
    (i32.const 0))
  ;; handle 0 holds no byte: answering one from it fails the call
  (func (export "null_output_of_one_byte") (result i32)
    (call $output_set (i64.const 0) (i64.const 1))
    (i32.const 0))
  ;; Extism's runtime test test_no_vars: the input block as both the key and the value of a var; an empty input
  ;; is an empty key and value, which no var limit refuses
  (func (export "input_as_var") (result i32)
    (call $var_set (call $input_offset) (call $input_offset))
    (i32.const 0)))
