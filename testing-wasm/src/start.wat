;; start.wasm - a start function, which runs while the instance is created.
;; It asks the host env.spin(); if that returns non-zero it loops forever (to test that
;; instantiation is under the call timeout), otherwise it sets the global that started() returns to 42.
(module
  (import "env" "spin" (func $spin (result i32)))
  (global $started (mut i32) (i32.const 0))
  (func $start
    (if (call $spin)
      (then (loop $forever (br $forever))))
    (global.set $started (i32.const 42)))
  (start $start)
  (func (export "started") (result i32)
    (global.get $started)))
