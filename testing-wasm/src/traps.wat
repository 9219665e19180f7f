;; traps.wasm - one export per way a guest can fail.
;; Uses the exception-handling proposal only for the tag section + `throw`
;; (no try/catch, no exnref), so the binary is valid under both the legacy
;; and the current (try_table/exnref) variants of the proposal.
(module
  (type $ret_i32 (func (result i32)))
  (type $i32_to_i32 (func (param i32) (result i32)))
  (memory 1 1)
  (tag $e (param i32))
  (table 1 1 funcref)
  (elem (i32.const 0) func $takes_param)

  (func $takes_param (type $i32_to_i32) (local.get 0))

  (func (export "unreachable")
    (unreachable))
  ;; call with 0 -> "integer divide by zero"
  (func (export "div_by_zero") (param $d i32) (result i32)
    (i32.div_s (i32.const 1) (local.get $d)))
  ;; INT_MIN / -1 -> "integer overflow"
  (func (export "int_overflow") (result i32)
    (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  ;; load past the single 64 KiB page -> "out of bounds memory access"
  (func (export "oob_memory") (result i32)
    (i32.load (i32.const 70000)))
  ;; non-tail recursion, never returns normally -> stack exhaustion
  (func $recurse (export "recurse") (param $n i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  ;; slot 0 holds (i32)->i32 but is called as ()->i32 -> "indirect call type mismatch"
  (func (export "indirect_mismatch") (result i32)
    (call_indirect (type $ret_i32) (i32.const 0)))
  ;; throws tag $e with payload 42, nobody catches it
  (func (export "throw_uncaught")
    (throw $e (i32.const 42)))
  ;; max is 1 page, so any positive delta returns -1
  (func (export "grow_memory") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  (func (export "ok") (result i32)
    (i32.const 1)))
