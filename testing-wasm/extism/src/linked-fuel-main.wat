;; The main module of a two-module Extism plugin whose fuel cost is known by hand: its exports call "burn" of
;; the module its manifest names "lib" (linked-fuel-lib.wat), so nearly all of their work is the library's.
(module
  (import "lib" "burn" (func $burn (param i32) (result i32)))

  ;; 3 units (local.get, call, end) and the library's 9 n + 8
  (func (export "burn") (param $n i32) (result i32)
    (call $burn (local.get $n)))

  ;; 6 units (local.get, call, local.get, call, i32.add, end) and twice the library's 9 n + 8
  (func (export "twice") (param $n i32) (result i32)
    (i32.add (call $burn (local.get $n)) (call $burn (local.get $n)))))
