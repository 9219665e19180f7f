;; The library module of a two-module Extism plugin whose library traps (see linked-trap-main.wat): "ratio"
;; divides through an inner function, so a division by zero traps two functions deep in this module. Built
;; with --debug-names: guest stack traces name its functions.
(module
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  (func $ratio (export "ratio") (param $a i32) (param $b i32) (result i32)
    (call $divide (local.get $a) (local.get $b))))
