;; extism-bombs.wasm - an Extism plugin written as an attacker would: each export tries to make the host hold
;; more than the plugin's limits allow through Extism's kernel (blocks, variables, error text). For tests of the
;; runtime's memory accounting.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
  (memory (export "memory") 1)
  ;; allocates empty blocks until the host says no
  (func (export "alloc_zero_loop") (result i32)
    (loop $more
      (drop (call $alloc (i64.const 0)))
      (br $more))
    (i32.const 0))
  ;; allocates and frees one byte until the host says no
  (func (export "alloc_free_loop") (result i32)
    (loop $more
      (call $free (call $alloc (i64.const 1)))
      (br $more))
    (i32.const 0))
  ;; sets 1,000 variables whose keys are 1 MiB each (distinct in their first 8 bytes) and whose values are 1 byte
  (func (export "big_keys") (result i32)
    (local $i i64) (local $key i64) (local $value i64)
    (block $done
      (loop $more
        (br_if $done (i64.ge_u (local.get $i) (i64.const 1000)))
        (local.set $key (call $alloc (i64.const 1048576)))
        (call $store_u64 (local.get $key) (i64.add (local.get $i) (i64.const 0x4141414141410000)))
        (local.set $value (call $alloc (i64.const 1)))
        (call $var_set (local.get $key) (local.get $value))
        (call $free (local.get $key))
        (call $free (local.get $value))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $more)))
    (i32.const 0))
  ;; sets an error text of 32 MiB that starts with a forged log line: "oops\nFORGED" then "\u001b[2J"
  (func (export "big_error") (result i32)
    (local $error i64)
    (local.set $error (call $alloc (i64.const 33554432)))
    ;; "oops\nFOR" little-endian
    (call $store_u64 (local.get $error) (i64.const 0x524f460a73706f6f))
    ;; "GED\x1b[2J"
    (call $store_u64 (i64.add (local.get $error) (i64.const 8)) (i64.const 0x4a325b1b444547))
    (call $error_set (local.get $error))
    (i32.const 1))
  ;; answers an output of the size given as its first 8 input bytes would say; here simply 16 MiB of zeros
  (func (export "big_output") (result i32)
    (local $out i64)
    (local.set $out (call $alloc (i64.const 16777216)))
    (call $output_set (local.get $out) (i64.const 16777216))
    (i32.const 0))
  ;; logs "oops\nFORGED\x1b[2J" at warn level: a forged second log line and a terminal escape sequence
  (func (export "forge_log") (result i32)
    (local $line i64)
    (local.set $line (call $alloc (i64.const 15)))
    (call $store_u64 (local.get $line) (i64.const 0x524f460a73706f6f))
    (call $store_u64 (i64.add (local.get $line) (i64.const 7)) (i64.const 0x4a325b1b44454752))
    (call $log_warn (local.get $line))
    (i32.const 0))
  (func (export "ok") (result i32)
    (local $out i64)
    (local.set $out (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $out) (i64.const 0x6b6f))
    (call $output_set (local.get $out) (i64.const 2))
    (i32.const 0)))
