;; The main module beside linked-commander.wat (named "commander" in the manifest): calls its _start four times,
;; then answers its counter as 8 little-endian bytes, as the main module of Extism's own linking test does.
(module
  (import "commander" "_start" (func $commander_start))
  (import "commander" "read_counter" (func $commander_read_counter (result i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (func (export "run") (result i32)
    (local $output i64)
    (local.set $output (call $alloc (i64.const 8)))
    (call $commander_start)
    (call $commander_start)
    (call $commander_start)
    (call $commander_start)
    (call $store_u64 (local.get $output) (i64.extend_i32_u (call $commander_read_counter)))
    (call $output_set (local.get $output) (i64.const 8))
    (i32.const 0)))
