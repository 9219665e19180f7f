;; pricing-needs-tax.wasm - a pricing plugin built against a newer host API: it
;; has the sample's pricing ABI (alloc, quote) but also imports
;; pricing.tax_percent, which the sample service does not provide. Replacing a
;; plugin with it must fail to link and leave the running plugin in place.
(module
  (import "pricing" "tax_percent" (func $tax_percent (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "error=tax not supported")
  ;; one fixed input buffer is enough for a plugin that never gets called
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "quote") (param $ptr i32) (param $len i32) (result i64)
    (drop (call $tax_percent (local.get $ptr) (local.get $len)))
    (i64.or (i64.shl (i64.const 64) (i64.const 32)) (i64.const 23))))
