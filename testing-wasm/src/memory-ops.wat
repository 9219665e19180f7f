;; memory-ops.wasm: every kind of memory access, driven by a seeded pseudo-random sequence, so that two
;; memory implementations can be compared on the same run. Needs the threads proposal (atomics) in
;; wat2wasm; the memory is not shared.
(module
  (memory 2 8)
  (data (i32.const 0) "memory-ops: a first page that starts with data")
  (data (i32.const 65530) "across the first page boundary")
  (data (i32.const 100000) "\ff\fe\fd\fc\00\00\c0\7f\01\00\80\ff")
  (data $passive "a passive segment, copied by memory.init and dropped by data.drop")

  (global $state (mut i32) (i32.const 1))
  (global $acc (mut i64) (i64.const 0))
  (global $dropped (mut i32) (i32.const 0))

  ;; xorshift32
  (func $next (result i32)
    (local $x i32)
    (local.set $x (global.get $state))
    (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
    (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
    (global.set $state (local.get $x))
    (local.get $x))

  (func $next64 (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (call $next)) (i64.const 32)) (i64.extend_i32_u (call $next))))

  (func $size (result i32) (i32.mul (memory.size) (i32.const 65536)))

  ;; a random address where $width bytes fit, half of the time next to a page boundary
  (func $addr (param $width i32) (result i32)
    (local $a i32)
    (if (i32.and (call $next) (i32.const 1))
      (then
        (local.set $a (i32.sub
          (i32.mul (i32.add (i32.rem_u (call $next) (i32.sub (memory.size) (i32.const 1))) (i32.const 1))
                   (i32.const 65536))
          (i32.rem_u (call $next) (i32.const 9)))))
      (else
        (local.set $a (i32.rem_u (call $next) (i32.add (i32.sub (call $size) (local.get $width)) (i32.const 1))))))
    (if (i32.gt_u (i32.add (local.get $a) (local.get $width)) (call $size))
      (then (local.set $a (i32.sub (call $size) (local.get $width)))))
    (local.get $a))

  (func $aligned (param $width i32) (result i32)
    (i32.and (call $addr (local.get $width)) (i32.sub (i32.const 0) (local.get $width))))

  (func $mix (param $v i64)
    (global.set $acc (i64.add (i64.mul (global.get $acc) (i64.const 1099511628211)) (local.get $v))))

  (func $len (result i32)
    (if (result i32) (i32.eqz (i32.and (call $next) (i32.const 7)))
      (then (i32.rem_u (call $next) (i32.const 140000)))
      (else (i32.rem_u (call $next) (i32.const 300)))))

  (func $step
    (local $a i32) (local $b i32) (local $n i32)
    (block $done
    (block $b14 (block $b13 (block $b12 (block $b11 (block $b10 (block $b9 (block $b8 (block $b7
    (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 $b9 $b10 $b11 $b12 $b13 $b14
        (i32.rem_u (call $next) (i32.const 15))))
      ;; 0: stores of 1 and 2 bytes
      (i32.store8 (call $addr (i32.const 1)) (call $next))
      (i64.store16 (call $addr (i32.const 2)) (call $next64))
      (br $done))
      ;; 1: 4-byte stores
      (i32.store (call $addr (i32.const 4)) (call $next))
      (i64.store32 (call $addr (i32.const 4)) (call $next64))
      (br $done))
      ;; 2: 8-byte store
      (i64.store (call $addr (i32.const 8)) (call $next64))
      (br $done))
      ;; 3: floats stored from raw bits, NaN payloads included
      (f32.store (call $addr (i32.const 4)) (f32.reinterpret_i32 (call $next)))
      (f64.store (call $addr (i32.const 8)) (f64.reinterpret_i64 (call $next64)))
      (br $done))
      ;; 4: loads of every width and sign
      (call $mix (i64.extend_i32_s (i32.load8_s (call $addr (i32.const 1)))))
      (call $mix (i64.extend_i32_u (i32.load8_u (call $addr (i32.const 1)))))
      (call $mix (i64.extend_i32_s (i32.load16_s (call $addr (i32.const 2)))))
      (call $mix (i64.extend_i32_u (i32.load16_u (call $addr (i32.const 2)))))
      (call $mix (i64.extend_i32_u (i32.load (call $addr (i32.const 4)))))
      (call $mix (i64.load8_s (call $addr (i32.const 1))))
      (call $mix (i64.load16_u (call $addr (i32.const 2))))
      (call $mix (i64.load32_s (call $addr (i32.const 4))))
      (call $mix (i64.load32_u (call $addr (i32.const 4))))
      (call $mix (i64.load (call $addr (i32.const 8))))
      (br $done))
      ;; 5: float loads, as raw bits
      (call $mix (i64.extend_i32_u (i32.reinterpret_f32 (f32.load (call $addr (i32.const 4))))))
      (call $mix (i64.reinterpret_f64 (f64.load (call $addr (i32.const 8)))))
      (br $done))
      ;; 6: memory.fill
      (local.set $n (call $len))
      (if (i32.gt_u (local.get $n) (call $size)) (then (local.set $n (call $size))))
      (memory.fill (call $addr (local.get $n)) (call $next) (local.get $n))
      (br $done))
      ;; 7: memory.fill with zeros
      (local.set $n (call $len))
      (if (i32.gt_u (local.get $n) (call $size)) (then (local.set $n (call $size))))
      (memory.fill (call $addr (local.get $n)) (i32.const 0) (local.get $n))
      (br $done))
      ;; 8: memory.copy anywhere
      (local.set $n (call $len))
      (if (i32.gt_u (local.get $n) (call $size)) (then (local.set $n (call $size))))
      (memory.copy (call $addr (local.get $n)) (call $addr (local.get $n)) (local.get $n))
      (br $done))
      ;; 9: memory.copy overlapping, forwards or backwards
      (local.set $n (i32.rem_u (call $next) (i32.const 5000)))
      (local.set $a (call $addr (i32.add (local.get $n) (i32.const 64))))
      (local.set $b (i32.add (local.get $a) (i32.rem_u (call $next) (i32.const 64))))
      (if (i32.and (call $next) (i32.const 1))
        (then (memory.copy (local.get $a) (local.get $b) (local.get $n)))
        (else (memory.copy (local.get $b) (local.get $a) (local.get $n))))
      (br $done))
      ;; 10: memory.grow, now and then
      (if (i32.eqz (i32.rem_u (call $next) (i32.const 8)))
        (then (call $mix (i64.extend_i32_s (memory.grow (i32.const 1))))))
      (call $mix (i64.extend_i32_u (memory.size)))
      (br $done))
      ;; 11: memory.init from the passive segment, and rarely data.drop
      (if (i32.eqz (global.get $dropped))
        (then
          (local.set $n (i32.rem_u (call $next) (i32.const 40)))
          (memory.init $passive (call $addr (i32.const 40)) (i32.rem_u (call $next) (i32.const 20)) (local.get $n))
          (if (i32.eqz (i32.rem_u (call $next) (i32.const 50)))
            (then (data.drop $passive) (global.set $dropped (i32.const 1))))))
      (br $done))
      ;; 12: atomic loads and stores of every width
      (i32.atomic.store8 (call $addr (i32.const 1)) (call $next))
      (i32.atomic.store16 (call $aligned (i32.const 2)) (call $next))
      (i32.atomic.store (call $aligned (i32.const 4)) (call $next))
      (i64.atomic.store (call $aligned (i32.const 8)) (call $next64))
      (call $mix (i64.extend_i32_u (i32.atomic.load8_u (call $addr (i32.const 1)))))
      (call $mix (i64.extend_i32_u (i32.atomic.load16_u (call $aligned (i32.const 2)))))
      (call $mix (i64.extend_i32_u (i32.atomic.load (call $aligned (i32.const 4)))))
      (call $mix (i64.atomic.load (call $aligned (i32.const 8))))
      (br $done))
      ;; 13: atomic read-modify-write of 32 and 64 bits
      (call $mix (i64.extend_i32_u (i32.atomic.rmw.add (call $aligned (i32.const 4)) (call $next))))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw.and (call $aligned (i32.const 4)) (call $next))))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw.or (call $aligned (i32.const 4)) (call $next))))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw.xor (call $aligned (i32.const 4)) (call $next))))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw.xchg (call $aligned (i32.const 4)) (call $next))))
      (local.set $a (call $aligned (i32.const 4)))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw.cmpxchg (local.get $a) (i32.load (local.get $a)) (call $next))))
      (call $mix (i64.atomic.rmw.add (call $aligned (i32.const 8)) (call $next64)))
      (call $mix (i64.atomic.rmw.xor (call $aligned (i32.const 8)) (call $next64)))
      (local.set $a (call $aligned (i32.const 8)))
      (call $mix (i64.atomic.rmw.cmpxchg (local.get $a) (i64.load (local.get $a)) (call $next64)))
      (br $done))
      ;; 14: atomic read-modify-write of 8 and 16 bits
      (call $mix (i64.extend_i32_u (i32.atomic.rmw8.add_u (call $addr (i32.const 1)) (call $next))))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw8.xchg_u (call $addr (i32.const 1)) (call $next))))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw16.and_u (call $aligned (i32.const 2)) (call $next))))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw16.or_u (call $aligned (i32.const 2)) (call $next))))
      (local.set $a (call $aligned (i32.const 2)))
      (call $mix (i64.extend_i32_u (i32.atomic.rmw16.cmpxchg_u (local.get $a) (i32.load16_u (local.get $a)) (call $next))))
      (call $mix (i64.atomic.rmw8.sub_u (call $addr (i32.const 1)) (call $next64)))
      (call $mix (i64.atomic.rmw32.xor_u (call $aligned (i32.const 4)) (call $next64)))))

  ;; a checksum of the whole memory
  (func $checksum (export "checksum") (result i64)
    (local $i i32) (local $sum i64)
    (block $end
      (loop $more
        (br_if $end (i32.ge_u (local.get $i) (call $size)))
        (local.set $sum (i64.add (i64.mul (local.get $sum) (i64.const 31)) (i64.load (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $more)))
    (local.get $sum))

  ;; run $steps random steps from $seed; the accumulated loads mixed with the memory's checksum
  (func (export "run") (param $seed i32) (param $steps i32) (result i64)
    (global.set $state (i32.or (local.get $seed) (i32.const 1)))
    (block $end
      (loop $more
        (br_if $end (i32.eqz (local.get $steps)))
        (call $step)
        (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
        (br $more)))
    (i64.xor (global.get $acc) (call $checksum)))

  (func (export "pages") (result i32) (memory.size))
  (func (export "load_i32") (param $a i32) (result i32) (i32.load (local.get $a)))
  (func (export "load_i64") (param $a i32) (result i64) (i64.load (local.get $a)))
  (func (export "store_i64") (param $a i32) (param $v i64) (i64.store (local.get $a) (local.get $v)))
  (func (export "store_f64") (param $a i32) (param $v f64) (f64.store (local.get $a) (local.get $v)))
  (func (export "fill") (param $d i32) (param $v i32) (param $n i32)
    (memory.fill (local.get $d) (local.get $v) (local.get $n)))
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
    (memory.copy (local.get $d) (local.get $s) (local.get $n)))
  (func (export "init") (param $d i32) (param $s i32) (param $n i32)
    (memory.init $passive (local.get $d) (local.get $s) (local.get $n)))
  (func (export "grow") (param $n i32) (result i32) (memory.grow (local.get $n))))
