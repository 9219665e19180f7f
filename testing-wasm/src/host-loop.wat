;; host-loop.wasm - one host import called in a loop, for measuring the cost of a host call
;; when the module links a single import. set_many(start, n) calls set(start + i) for i in 0..n-1,
;; the same loop as imports.wasm's set_many (which links eleven imports).
(module
  (import "env" "set" (func $set (param i64)))
  (func (export "set_many") (param $start i64) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (call $set (i64.add (local.get $start) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))))
