;; imports-wrongsig.wasm - imports env.echo_i32 with (i64)->i64, which does not
;; match the host's echo_i32 (i32)->i32.
(module
  (import "env" "echo_i32" (func $echo (param i64) (result i64)))
  (func (export "run") (param i64) (result i64)
    (call $echo (local.get 0))))
