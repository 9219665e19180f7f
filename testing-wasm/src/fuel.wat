;; fuel.wasm - exports whose fuel cost is known by hand, for the fuel metering tests.
;; Cost: one unit per instruction executed (end and else included), bulk operations one more per
;; 8 bytes or per table element.
(module
  (memory (export "memory") 1)
  (table 4 funcref)
  (global $seven (mut i32) (i32.const 7))
  (elem (i32.const 0) $straight)

  ;; 4: i32.const, i32.const, i32.add, end
  (func $straight (export "straight") (result i32)
    i32.const 2
    i32.const 3
    i32.add)

  ;; 9 per iteration, 8 more: block, loop, the last test (4), local.get and end
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  ;; one unit per iteration, forever
  (func (export "forever")
    (loop $l (br $l)))

  ;; recursion without loops: only the checks at function entry stop it
  (func $deep (export "deep") (param $n i64) (result i64)
    (i64.add (call $deep (i64.add (local.get $n) (i64.const 1))) (i64.const 1)))

  (func $fib (export "fib") (param $n i64) (result i64)
    (if (result i64) (i64.lt_u (local.get $n) (i64.const 2))
      (then (local.get $n))
      (else (i64.add (call $fib (i64.sub (local.get $n) (i64.const 1)))
                     (call $fib (i64.sub (local.get $n) (i64.const 2)))))))

  ;; 7 + n / 8: i32.const, i32.const, local.get, memory.fill, i32.const, i32.load8_u, end
  (func (export "fill") (param $n i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 1) (local.get $n))
    (i32.load8_u (i32.const 0)))

  ;; 6 + n: table.fill of n elements
  (func (export "table_fill") (param $n i32) (result i32)
    (table.fill 0 (i32.const 0) (ref.null func) (local.get $n))
    (table.size 0))

  ;; the guest's own trap, reached after the fuel went negative in a run that is not checked
  (func (export "abort")
    (block (nop))
    unreachable)

  ;; the guest's own traps after known work: the count includes the run the trap is in
  ;; 4: i32.const, local.get, i32.div_u, end (a division by zero when d is 0)
  (func (export "divide") (param $d i32) (result i32)
    (i32.div_u (i32.const 100) (local.get $d)))

  ;; count's loop (2 before it, 9 per iteration, 4 for the last test), then a load at i * 64 KiB,
  ;; 5 more (local.get, i32.const, i32.mul, i32.load, end): out of the one page for n > 0, 9 n + 11
  (func (export "count_then_load") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.load (i32.mul (local.get $i) (i32.const 65536))))

  (func (export "seven") (result i32)
    (global.get $seven))

  (func (export "indirect") (result i32)
    (call_indirect (result i32) (i32.const 0)))

  ;; leaves through a branch to the function's own label: 3 when n is not 0 (i32.const, local.get,
  ;; br_if), 6 when it is (and drop, i32.const, end)
  (func (export "early") (param $n i32) (result i32)
    i32.const 7
    local.get $n
    br_if 0
    drop
    i32.const 9)

  ;; a br_table whose targets include the function's own label: n = 0 leaves the block (block,
  ;; i32.const, local.get, br_table, then i32.const, i32.add, end: 7), any other n the function (4)
  (func (export "table_out") (param $n i32) (result i32)
    (block (result i32)
      i32.const 5
      local.get $n
      br_table 0 1 1)
    i32.const 1
    i32.add)

  ;; calls inside a loop: each iteration's run (10) is charged before the call, the callee's own
  ;; four in the callee; 1 (loop) + 14 per iteration + 3 (end, local.get, end), 5 * n for n > 0
  (func (export "calls") (param $n i32) (result i32)
    (local $i i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (call $straight)))
      (br_if $next (i32.lt_u (local.get $i) (i32.mul (local.get $n) (i32.const 5)))))
    (local.get $i)))
