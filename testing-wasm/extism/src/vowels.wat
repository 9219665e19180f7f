;; An Extism plugin shaped like Extism's own count_vowels test plugin: 17 pages of initial memory, and a call
;; that copies its input into its own memory (growing it as a PDK's allocator would) before counting the vowels.
;; Answers {"count": N}. A refused memory.grow ends in unreachable, as a Rust plugin's abort does.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 17)

  ;; the input is copied to the pages after the initial 17
  (global $base i32 (i32.const 1114112))

  (func $is_vowel (param $c i32) (result i32)
    (local.set $c (i32.or (local.get $c) (i32.const 0x20)))
    (i32.or
      (i32.or (i32.eq (local.get $c) (i32.const 0x61)) (i32.eq (local.get $c) (i32.const 0x65)))
      (i32.or
        (i32.or (i32.eq (local.get $c) (i32.const 0x69)) (i32.eq (local.get $c) (i32.const 0x6f)))
        (i32.eq (local.get $c) (i32.const 0x75)))))

  (func (export "count_vowels") (result i32)
    (local $len i32) (local $i i32) (local $count i32) (local $needed i32) (local $out i64)
    (local $digits i32) (local $n i32) (local $at i32)
    (local.set $len (i32.wrap_i64 (call $input_length)))
    ;; pages needed beyond the current size to hold the copy
    (local.set $needed
      (i32.sub
        (i32.div_u (i32.add (i32.add (global.get $base) (local.get $len)) (i32.const 65535)) (i32.const 65536))
        (memory.size)))
    (if (i32.gt_s (local.get $needed) (i32.const 0))
      (then
        (if (i32.eq (memory.grow (local.get $needed)) (i32.const -1))
          (then unreachable))))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8 (i32.add (global.get $base) (local.get $i))
          (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (local.set $i (i32.const 0))
    (block $counted
      (loop $count
        (br_if $counted (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $count (i32.add (local.get $count)
          (call $is_vowel (i32.load8_u (i32.add (global.get $base) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count)))
    ;; the decimal digits of the count, backwards from offset 64
    (local.set $n (local.get $count))
    (local.set $at (i32.const 64))
    (loop $digit
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at) (i32.add (i32.const 0x30) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (i32.ne (local.get $n) (i32.const 0))))
    (local.set $digits (i32.sub (i32.const 64) (local.get $at)))
    ;; {"count": N}
    (local.set $out (call $alloc (i64.extend_i32_u (i32.add (local.get $digits) (i32.const 11)))))
    (call $text (local.get $out) (i32.const 128) (i32.const 10))
    (call $text (i64.add (local.get $out) (i64.const 10)) (local.get $at) (local.get $digits))
    (call $store_u8 (i64.add (local.get $out) (i64.extend_i32_u (i32.add (local.get $digits) (i32.const 10))))
      (i32.const 0x7d))
    (call $output_set (local.get $out) (i64.extend_i32_u (i32.add (local.get $digits) (i32.const 11))))
    (i32.const 0))

  ;; copies len bytes of memory at from into the block at handle
  (func $text (param $handle i64) (param $from i32) (param $len i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (call $store_u8 (i64.add (local.get $handle) (i64.extend_i32_u (local.get $i)))
          (i32.load8_u (i32.add (local.get $from) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (data (i32.const 128) "{\"count\": "))
