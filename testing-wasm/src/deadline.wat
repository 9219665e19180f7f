;; deadline.wasm - a guest that calls the host, then goes on: for tests of deadlines that must hold whatever
;; the host function does with the watchdog's interrupt.
(module
  (import "env" "block" (func $block))
  ;; calls the host, then spins forever
  (func (export "call_then_spin") (call $block) (loop $forever (br $forever)))
  ;; calls the host, then returns 7 at once
  (func (export "call_then_return") (result i32) (call $block) (i32.const 7))
  ;; calls the host again and again, forever
  (func (export "call_forever") (loop $forever (call $block) (br $forever)))
  (func (export "ok") (result i32) (i32.const 1)))
