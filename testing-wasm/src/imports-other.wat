;; imports-other.wasm - imports from a non-"env" module, for per-module
;; capability (allow-list) tests.
(module
  (import "billing" "charge" (func $charge (param i64) (result i32)))
  (func (export "run") (param i64) (result i32)
    (call $charge (local.get 0))))
