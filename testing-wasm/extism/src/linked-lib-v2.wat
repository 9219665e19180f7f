;; A second version of the library module of linked-main.wat (see linked-lib.wat): "shout" answers the block it
;; is given unchanged. Replacing linked-lib with it shows that a plugin reloads when a module its manifest names
;; changes.
(module
  (global $calls (mut i32) (i32.const 0))

  ;; the block itself: no longer shouting
  (func (export "shout") (param $block i64) (result i64)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (local.get $block))

  ;; how many times shout ran in this instance
  (func (export "calls") (result i32)
    (global.get $calls)))
