;; plugin.wasm - typed plugin interfaces (@WasmPlugin): exports on both conventions.
;; Values: add(i32,i32)->i32, scale(f64,f64)->f64, is_even(i32)->i32, count()->i32 (1 on a fresh instance,
;; then 2, 3, ...). Memory, (ptr,len)->i64: echo answers its input, answer() answers the JSON text
;; {"total":42,"note":"fixed"}, garbage() answers "oops", which is not JSON.
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (global $count (mut i32) (i32.const 0))
  (data (i32.const 16) "{\"total\":42,\"note\":\"fixed\"}")  ;; 27 bytes at 16
  (data (i32.const 64) "oops")                              ;; 4 bytes at 64

  ;; bump allocator: 8-byte aligned, grows memory when needed, 0 on failure
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $have i32)
    (local.set $ptr (global.get $heap))
    (local.set $end
      (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7))
               (i32.const -8)))
    (local.set $have (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow
                (i32.shr_u
                  (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535))
                  (i32.const 16)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (local.get $ptr))

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
            (i64.extend_i32_u (local.get $len))))

  (func (export "echo") (param $ptr i32) (param $len i32) (result i64)
    (call $pack (local.get $ptr) (local.get $len)))
  (func (export "answer") (param $ptr i32) (param $len i32) (result i64)
    (call $pack (i32.const 16) (i32.const 27)))
  (func (export "garbage") (param $ptr i32) (param $len i32) (result i64)
    (call $pack (i32.const 64) (i32.const 4)))

  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))
  (func (export "scale") (param $a f64) (param $b f64) (result f64)
    (f64.mul (local.get $a) (local.get $b)))
  (func (export "is_even") (param $a i32) (result i32)
    (i32.eqz (i32.and (local.get $a) (i32.const 1))))
  (func (export "count") (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count)))
