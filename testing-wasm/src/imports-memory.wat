;; imports-memory.wat - imports a memory, a table and a global, which the host does not provide.
(module
  (import "env" "memory" (memory 1))
  (import "env" "table" (table 1 funcref))
  (import "env" "base" (global i32))
  (func (export "base") (result i32) (global.get 0)))
