;; imports-missing.wasm - imports a host function nobody provides.
(module
  (import "env" "not_provided" (func $not_provided (param i32) (result i32)))
  (func (export "run") (result i32)
    (call $not_provided (i32.const 1))))
