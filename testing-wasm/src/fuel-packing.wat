;; fuel-packing.wasm - small functions called in loops, metered two ways. A function whose cost is the same on
;; every run (no branch, no call) is charged by its caller and runs its own code ($mul). Others whose result is
;; one i32, one i64, or nothing return their count packed with their result ($mul_packed, $bump, $widen; an
;; explicit return is enough to make a function's cost depend on its path); an i64 result that does not fit in
;; 32 bits comes back through a global. Costs by hand: one unit per instruction executed.
(module
  (global $bumped (mut i32) (i32.const 0))

  ;; 4: local.get, local.get, i32.mul, end. The engine's interpreter multiplies 64-bit values, so
  ;; unmetered it can answer an i32 with other bits above its low 32
  (func $mul (export "mul") (param i32 i32) (result i32)
    (i32.mul (local.get 0) (local.get 1)))

  ;; FNV-1a-like rounds over n, one call of $mul each: 18 per round and 9 more
  ;; (i32.const, local.set, block, loop; the last test's 3; local.get, end)
  (func (export "hash") (param $n i32) (result i32)
    (local $h i32)
    (local.set $h (i32.const -2128831035))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $h (call $mul (i32.xor (local.get $h) (local.get $n)) (i32.const 16777619)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $h))

  ;; 4, as $mul: local.get, local.get, i32.mul, return (its end is not reached); metered, its result
  ;; comes back packed as its low 32 bits
  (func $mul_packed (export "mul_packed") (param i32 i32) (result i32)
    (return (i32.mul (local.get 0) (local.get 1))))

  ;; hash with $mul_packed: 18 per round and 9 more
  (func (export "hash_packed") (param $n i32) (result i32)
    (local $h i32)
    (local.set $h (i32.const -2128831035))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $h (call $mul_packed (i32.xor (local.get $h) (local.get $n)) (i32.const 16777619)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $h))

  ;; 5: global.get, i32.const, i32.add, global.set, return
  (func $bump
    (global.set $bumped (i32.add (global.get $bumped) (i32.const 1)))
    (return))

  ;; n calls of $bump, which returns nothing: 14 per call and 7 more
  (func (export "bumps") (param $n i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (call $bump)
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (global.get $bumped))

  ;; 5: local.get, local.get, i64.extend_i32_u, i64.shl, return. For small shifts its i64 result is the
  ;; sign extension of its low 32 bits and travels packed with the count; for large ones it does not
  (func $widen (export "widen") (param i64 i32) (result i64)
    (return (i64.shl (local.get 0) (i64.extend_i32_u (local.get 1)))))

  ;; the sum of $widen(k, shift) for k = n down to 1: 20 per round and 7 more
  ;; (block, loop; the last test's 3; local.get, end)
  (func $widens (export "widens") (param $n i32) (param $shift i32) (result i64)
    (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i64.add (local.get $sum)
          (call $widen (i64.extend_i32_u (local.get $n)) (local.get $shift))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; $widens with a shift of 40, whose results never fit in 32 bits: 4 more than $widens
  ;; (local.get, i32.const, call, end)
  (func (export "wides") (param $n i32) (result i64)
    (call $widens (local.get $n) (i32.const 40))))
