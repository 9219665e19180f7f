;; stateful.wasm - an instance whose memory, global and table can be observed
;; and dirtied, to prove instances are (or are not) shared/reset.
;; Fresh instance: memory bytes 16..23 = "pristine", global = 0,
;; table size = 2, slot 0 -> returns 7, slot 1 = null, memory = 1 page.
;; After mutate(): bytes 16..23 = "dirtied!", global = 99, table size = 5,
;; slot 1 -> returns 42 (slots 2..4 also -> 42).
(module
  (type $ret_i32 (func (result i32)))
  (memory (export "memory") 1 2)
  (data (i32.const 16) "pristine")
  (global $g (mut i32) (i32.const 0))
  (table $t 2 10 funcref)
  (elem (table $t) (i32.const 0) func $seven)
  (elem declare func $forty_two)

  (func $seven (type $ret_i32) (i32.const 7))
  (func $forty_two (type $ret_i32) (i32.const 42))

  (func (export "mutate")
    ;; "dirtied!" = 64 69 72 74 69 65 64 21, stored little-endian
    (i64.store (i32.const 16) (i64.const 0x2164656974726964))
    (global.set $g (i32.const 99))
    (drop (table.grow $t (ref.func $forty_two) (i32.const 3)))
    (table.set $t (i32.const 1) (ref.func $forty_two)))

  (func (export "memory_byte") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
  (func (export "global_value") (result i32)
    (global.get $g))
  (func (export "table_size") (result i32)
    (table.size $t))
  (func (export "call_slot") (param $slot i32) (result i32)
    (call_indirect $t (type $ret_i32) (local.get $slot)))
  (func (export "memory_pages") (result i32)
    (memory.size)))
