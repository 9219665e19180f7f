;; globals.wat - exported globals of each type, and an export that changes one.
(module
  (global $counter (export "counter") (mut i32) (i32.const 7))
  (global (export "big") i64 (i64.const 1234567890123))
  (global (export "ratio") f32 (f32.const 0.25))
  (global (export "precise") f64 (f64.const -2.5))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter)))
