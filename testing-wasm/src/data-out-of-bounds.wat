;; data-out-of-bounds.wasm - a data segment that does not fit the initial memory (1 page):
;; valid, but every instantiation must fail.
(module
  (memory 1)
  (data (i32.const 65530) "0123456789")
  (func (export "ok") (result i32) (i32.const 1)))
