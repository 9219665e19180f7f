;; The library module of a two-module Extism plugin whose fuel cost is known by hand (see linked-fuel-main.wat):
;; "burn" loops n times, 9 units per iteration and 8 more, as fuel.wat's "count"; a large n is a runaway.
(module
  (func (export "burn") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i)))
