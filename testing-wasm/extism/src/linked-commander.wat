;; A command module (it exports _start) of a two-module Extism plugin, shaped like the one of Extism's own
;; linking test: its start function counts instantiations. Extism links a command module so that every call
;; into it runs in a fresh instance, so the main module (linked-runner.wat) always reads 1.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (global $counter (mut i32) (i32.const 0))
  (func $start (export "_start")
    (global.set $counter (i32.add (global.get $counter) (i32.const 1))))
  (func (export "read_counter") (result i32)
    (global.get $counter))
  (start $start))
