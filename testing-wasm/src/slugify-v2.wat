;; slugify-v2.wasm - "new version" of the sample's slugify plugin for fleet reload tests:
;; the same exports and rules, but runs of other bytes become a single '_' instead of '-'.
;; "  Hello, Wörld 2024! " -> "hello_w_rld_2024".
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))

  ;; bump allocator: 8-byte aligned, never frees, grows memory when needed;
  ;; returns 0 if memory cannot grow.
  (func $alloc (export "alloc") (param $size i32) (result i32)
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

  (func (export "slugify") (param $ptr i32) (param $len i32) (result i64)
    (local $out i32) (local $n i32) (local $i i32) (local $c i32)
    (local $pending i32)  ;; 1 if a '_' is owed before the next kept char
    (local.set $out (call $alloc (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        ;; 'A'..'Z' -> lowercase
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 65)) (i32.const 26))
          (then (local.set $c (i32.or (local.get $c) (i32.const 32)))))
        (if (i32.or
              (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))   ;; a..z
              (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10)))  ;; 0..9
          (then
            ;; emit a pending separator only if something was already written
            (if (i32.and (local.get $pending) (i32.ne (local.get $n) (i32.const 0)))
              (then
                (i32.store8 (i32.add (local.get $out) (local.get $n)) (i32.const 95))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))))
            (local.set $pending (i32.const 0))
            (i32.store8 (i32.add (local.get $out) (local.get $n)) (local.get $c))
            (local.set $n (i32.add (local.get $n) (i32.const 1))))
          (else (local.set $pending (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
      (i64.extend_i32_u (local.get $n)))))
