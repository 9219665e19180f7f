;; empty.wasm - a module with nothing in it: no imports, no exports, no memory (Extism's runtime test issue_620 calls
;; an export of a plugin loaded with WASI; called here on a module that has none).
(module)
