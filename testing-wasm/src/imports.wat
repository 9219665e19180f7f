;; imports.wasm - exercises every kind of host function binding.
;; Memory layout: 256..268 = "héllo wörld" (UTF-8, 13 bytes),
;;                512..516 = bytes 1,2,3,4,250 (sum 260),
;;                1024..   = bump-allocator heap (alloc).
(module
  (import "env" "set"         (func $set (param i64)))
  (import "env" "get_i32"     (func $get_i32 (result i32)))
  (import "env" "echo_i32"    (func $echo_i32 (param i32) (result i32)))
  (import "env" "echo_i64"    (func $echo_i64 (param i64) (result i64)))
  (import "env" "echo_f32"    (func $echo_f32 (param f32) (result f32)))
  (import "env" "echo_f64"    (func $echo_f64 (param f64) (result f64)))
  (import "env" "negate"      (func $negate (param i32) (result i32)))
  (import "env" "text_length" (func $text_length (param i32 i32) (result i32)))
  (import "env" "bytes_sum"   (func $bytes_sum (param i32 i32) (result i32)))
  (import "env" "greet"       (func $greet (param i32 i32) (result i64)))
  (import "env" "fail"        (func $fail))

  (memory (export "memory") 1)
  (data (i32.const 256) "h\c3\a9llo w\c3\b6rld")
  (data (i32.const 512) "\01\02\03\04\fa")

  (global $heap (mut i32) (i32.const 1024))

  ;; bump allocator: 8-byte aligned, never frees, grows memory when needed;
  ;; returns 0 if memory cannot grow.
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

  (func (export "call_set") (param i64)
    (call $set (local.get 0)))
  (func (export "call_get_i32") (result i32)
    (call $get_i32))
  (func (export "call_echo_i32") (param i32) (result i32)
    (call $echo_i32 (local.get 0)))
  (func (export "call_echo_i64") (param i64) (result i64)
    (call $echo_i64 (local.get 0)))
  (func (export "call_echo_f32") (param f32) (result f32)
    (call $echo_f32 (local.get 0)))
  (func (export "call_echo_f64") (param f64) (result f64)
    (call $echo_f64 (local.get 0)))
  (func (export "call_negate") (param i32) (result i32)
    (call $negate (local.get 0)))
  (func (export "call_text_length") (result i32)
    (call $text_length (i32.const 256) (i32.const 13)))
  (func (export "call_bytes_sum") (result i32)
    (call $bytes_sum (i32.const 512) (i32.const 5)))
  (func (export "call_greet") (param $ptr i32) (param $len i32) (result i64)
    (call $greet (local.get $ptr) (local.get $len)))
  (func (export "call_fail")
    (call $fail))
  ;; calls set(start + i) for i in 0..n-1
  (func (export "set_many") (param $start i64) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (call $set (i64.add (local.get $start) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))))
