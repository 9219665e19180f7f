;; An active element segment is dropped once the instance is built (WebAssembly 2.0, "instantiation"):
;; table.init naming it afterwards traps unless it copies nothing. Used by ElementSegmentTests.
(module
  (type $answer (func (result i32)))
  (table 4 funcref)
  (func $one (result i32) i32.const 1)
  (func $two (result i32) i32.const 2)
  (elem (i32.const 0) $one $two)

  ;; call the function in a slot
  (func (export "call_slot") (param $slot i32) (result i32)
    local.get $slot
    call_indirect (type $answer))

  ;; copy both entries of the (dropped) active segment to slots 2 and 3, then call slot 2: traps
  (func (export "init_again") (result i32)
    i32.const 2
    i32.const 0
    i32.const 2
    table.init 0
    i32.const 2
    call_indirect (type $answer))

  ;; copy nothing from it: allowed, the table is unchanged
  (func (export "init_nothing") (result i32)
    i32.const 2
    i32.const 0
    i32.const 0
    table.init 0
    i32.const 1
    call_indirect (type $answer)))
