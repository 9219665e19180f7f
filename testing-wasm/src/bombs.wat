;; bombs.wasm - guest-controlled allocations pushed to their end: for tests of the limits on tables and memory.
;; table_bomb(step) grows the table by step elements until table.grow fails, memory_bomb(step) grows memory by
;; step pages until memory.grow fails, writing one byte to every page it gains (a page that is never written
;; costs a copy-on-write memory nothing); each returns the final size (elements or pages).
(module
  (memory 1)
  (table $t 1 funcref)
  (func (export "table_bomb") (param $step i32) (result i32)
    (block $done
      (loop $more
        (br_if $done (i32.eq (table.grow $t (ref.null func) (local.get $step)) (i32.const -1)))
        (br $more)))
    (table.size $t))
  (func (export "memory_bomb") (param $step i32) (result i32)
    (local $page i32) (local $end i32)
    (block $done
      (loop $more
        (local.set $page (memory.grow (local.get $step)))
        (br_if $done (i32.eq (local.get $page) (i32.const -1)))
        (local.set $end (i32.add (local.get $page) (local.get $step)))
        (block $touched
          (loop $touch
            (br_if $touched (i32.ge_u (local.get $page) (local.get $end)))
            (i32.store8 (i32.mul (local.get $page) (i32.const 65536)) (i32.const 1))
            (local.set $page (i32.add (local.get $page) (i32.const 1)))
            (br $touch)))
        (br $more)))
    (memory.size))
  (func (export "table_size") (result i32) (table.size $t))
  (func (export "ok") (result i32) (i32.const 1)))
