;; big-table.wasm - a module whose table declares 200,000 elements to start with: above the default
;; table-element limit, so that loading it fails unless the limit is raised.
(module
  (table 200000 funcref)
  (func (export "ok") (result i32) (i32.const 1)))
