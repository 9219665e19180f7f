;; loop.wasm - runaway guests for timeout / interruption / memory-limit tests.
(module
  (memory (export "memory") 1)
  (global $ticks (mut i32) (i32.const 0))

  (func $tick
    (global.set $ticks (i32.add (global.get $ticks) (i32.const 1))))

  ;; tight infinite loop with no calls
  (func (export "spin")
    (loop $l (br $l)))
  ;; infinite loop calling an internal function each iteration
  (func (export "spin_with_calls")
    (loop $l (call $tick) (br $l)))
  (func (export "ok") (result i32)
    (i32.const 1))
  ;; memory.grow; no declared max, so only the host's limit applies
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  (func (export "pages") (result i32)
    (memory.size)))
