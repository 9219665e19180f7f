;; quote-memory-bomb.wasm - a pricing plugin (the sample's quote ABI) written by an attacker: quote grows its memory
;; one page at a time and writes to every page it gains, until the host refuses. Under a careless max-memory it
;; asks for far more heap than the application has.
(module
  (memory (export "memory") 2)
  (func (export "alloc") (param $size i32) (result i32) (i32.const 1024))
  (func (export "quote") (param $ptr i32) (param $len i32) (result i64)
    (local $page i32)
    (block $done
      (loop $more
        (local.set $page (memory.grow (i32.const 1)))
        (br_if $done (i32.eq (local.get $page) (i32.const -1)))
        (i32.store8 (i32.mul (local.get $page) (i32.const 65536)) (i32.const 1))
        (br $more)))
    (i64.const 0)))
