;; snapshot-init.wasm: state of every kind an initialisation can leave, for snapshot tests. init() asks the
;; host for a seed (env.seed), stores it in the global and at address 16, grows the table by one and puts a
;; function returning 42 in the new slot 2, and drops the passive data segment. No start function, no
;; _initialize: a snapshot names init as its initialisation export.
(module
  (import "env" "seed" (func $seed (result i32)))
  (memory (export "memory") 1 4)
  (data (i32.const 0) "snapshot")
  (data $passive "passive!")
  (table $t 2 10 funcref)
  (elem (i32.const 0) $seven $eight)
  (elem declare func $forty_two)
  (global $g (mut i32) (i32.const 0))
  (global $calls (mut i32) (i32.const 0))
  (type $answer (func (result i32)))
  (func $seven (result i32) (i32.const 7))
  (func $eight (result i32) (i32.const 8))
  (func $forty_two (result i32) (i32.const 42))

  (func (export "init")
    (global.set $g (call $seed))
    (i32.store (i32.const 16) (global.get $g))
    (drop (table.grow $t (ref.func $forty_two) (i32.const 1)))
    (data.drop $passive))

  ;; per-instance state after the start: grows with each call
  (func (export "bump") (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store (i32.const 20) (global.get $calls))
    (global.get $calls))

  (func (export "global_value") (result i32) (global.get $g))
  (func (export "memory_word") (param $a i32) (result i32) (i32.load (local.get $a)))
  (func (export "table_size") (result i32) (table.size $t))
  (func (export "call_slot") (param $i i32) (result i32) (call_indirect $t (type $answer) (local.get $i)))
  (func (export "init_passive") (param $d i32) (memory.init $passive (local.get $d) (i32.const 0) (i32.const 8))))
