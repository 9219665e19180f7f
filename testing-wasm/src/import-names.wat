;; import-names.wasm - two imports whose module and name join to the same text "a.b.c":
;; module "a.b" name "c", and module "a" name "b.c". Each export calls one of them.
(module
  (import "a.b" "c" (func $dotted_module (result i32)))
  (import "a" "b.c" (func $dotted_name (result i32)))
  (func (export "call_dotted_module") (result i32) (call $dotted_module))
  (func (export "call_dotted_name") (result i32) (call $dotted_name)))
